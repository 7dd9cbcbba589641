import { describe, expect, it } from "vitest";
import * as n from "../../src/index";
import { close, rng } from "../support/numeric";
import { checkBothModes } from "../support/modes";

/*
 * oneHot and crossEntropy. The loss against −log softmax written with a shifted log-sum-exp
 * per row; its gradient against the closed form (softmax − target)/batch and its Hessian
 * against (diag p − ppᵀ)/batch per row (the target drops out).
 */

const T = (x: unknown) => (x as n.Tensor).toArray();
const r = rng(31);
const randT = (shape: number[]) => n.fromFunction(shape, () => 3 * (r() * 2 - 1)) as n.Tensor;

/** softmax of one row, with the maximum shifted out. */
const softmaxRow = (z: number[]) => {
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
};
/** −log softmax(z)[k], as max + log Σ exp(z − max) − z[k]. */
const nll = (z: number[], k: number) => {
  const m = Math.max(...z);
  return m + Math.log(z.reduce((s, v) => s + Math.exp(v - m), 0)) - z[k];
};

describe("oneHot", () => {
  it("integer labels of any shape become rows of 0s with a 1 at the class", () => {
    expect(T(n.oneHot([2, 0], 3))).toEqual([[0, 0, 1], [1, 0, 0]]);
    expect(T(n.oneHot([[1], [0]], 2))).toEqual([[[0, 1]], [[1, 0]]]);
    expect(T(n.oneHot(0, 1))).toEqual([1]);
    expect(T(n.oneHot(n.tensor([3]), 4))).toEqual([[0, 0, 0, 1]]);
    expect(n.oneHot([], 3).shape).toEqual([0, 3]);
  });

  it("a label that is not an integer class, or classes that are not a positive integer, is an error naming it", () => {
    expect(() => n.oneHot([0, 1.5], 3)).toThrow("oneHot: label 1.5 at [1] is not an integer class");
    expect(() => n.oneHot([[0, 1], [3, 0]], 3)).toThrow("oneHot: label 3 at [1, 0] is out of range for 3 classes (0 … 2)");
    expect(() => n.oneHot(-1, 3)).toThrow("oneHot: label -1 is out of range for 3 classes (0 … 2)");
    expect(() => n.oneHot([NaN], 3)).toThrow("oneHot: label NaN at [0] is not an integer class");
    expect(() => n.oneHot([0], 0)).toThrow("oneHot: classes is the number of classes, a positive integer; got 0");
    expect(() => n.oneHot([0], 2.5)).toThrow("oneHot: classes is the number of classes, a positive integer; got 2.5");
  });

  it("of tape variables reads their values (a step function: derivative 0)", () => {
    const g = n.grad((k: number) => n.sum(n.mul(n.oneHot(k, 3), [5, 6, 7])))(1);
    expect(g).toBe(0);
  });
});

describe("crossEntropy: values", () => {
  const Z = [[2, -1, 0.5], [0.1, 0.2, -3], [-1, 4, 1]];
  const labels = [0, 2, 1];
  const expected = labels.reduce((s, k, i) => s + nll(Z[i], k), 0) / 3;

  it("integer labels, one-hot rows and the same as probabilities give the mean of −log softmax at the label", () => {
    close(n.crossEntropy(Z, labels), expected, 1e-15);
    close(n.crossEntropy(Z, n.oneHot(labels, 3)), expected, 1e-15);
    close(n.crossEntropy([0.3, -0.2, 1], 2), nll([0.3, -0.2, 1], 2), 1e-15);
    const P = [[0.2, 0.5, 0.3], [1, 0, 0], [0, 0.25, 0.75]];
    const soft = P.reduce((s, p, i) => s + p.reduce((a, pk, k) => a + pk * nll(Z[i], k), 0), 0) / 3;
    close(n.crossEntropy(Z, P), soft, 1e-15);
  });

  it("classes along another axis: axis 0 is the transposed problem; 3-d logits average over every row", () => {
    close(n.crossEntropy(n.transpose(n.tensor(Z)), labels, 0), expected, 1e-15);
    const Z3 = randT([2, 2, 3]);
    const z3 = T(Z3) as number[][][];
    const L3 = [[0, 2], [1, 1]];
    close(n.crossEntropy(Z3, L3), (nll(z3[0][0], 0) + nll(z3[0][1], 2) + nll(z3[1][0], 1) + nll(z3[1][1], 1)) / 4, 1e-15);
    // Classes in the middle axis, Zmid[i][k][j] = Z3[i][j][k]: the labels keep the other axes, shape (2, 2).
    const Zmid = n.transpose(Z3, [0, 2, 1]);
    close(n.crossEntropy(Zmid, L3, 1), n.crossEntropy(Z3, L3), 1e-15);
    close(n.crossEntropy(Zmid, n.transpose(n.oneHot(L3, 3), [0, 2, 1]), 1), n.crossEntropy(Z3, L3), 1e-15);
  });

  it("huge logits: finite and exact, where log(softmax) is log 0", () => {
    expect(n.crossEntropy([[1e4, 0, -1e4]], [0])).toBe(0);
    expect(n.crossEntropy([[1e4, 0, -1e4]], [2])).toBe(2e4);
    expect(n.crossEntropy([[1000, 1000]], [1])).toBe(Math.LN2);
    const g = n.grad((z: number[][]) => n.crossEntropy(z, [2]))([[1e4, 0, -1e4]]);
    expect(g).toEqual([[1, 0, -1]]);
  });

  it("labels that fit neither shape, or out of range, are errors naming crossEntropy", () => {
    expect(() => n.crossEntropy(Z, [0, 1])).toThrow("crossEntropy: labels of shape (2) fit logits of shape (3×3) neither as integer classes, shape (3), nor as targets over the classes, shape (3×3)");
    expect(() => n.crossEntropy(Z, [0, 3, 1])).toThrow("crossEntropy: label 3 at [1] is out of range for 3 classes (0 … 2)");
    expect(() => n.crossEntropy(Z, [0, 0.5, 1])).toThrow("crossEntropy: label 0.5 at [1] is not an integer class");
    expect(() => n.crossEntropy(2, 0)).toThrow("crossEntropy: logits need an axis of classes; got a number");
    expect(() => n.crossEntropy(Z, labels, 2)).toThrow("crossEntropy: axis 2 is out of range for a 2-d array");
  });
});

describe("crossEntropy: derivatives", () => {
  it("the gradient is (softmax − target)/batch, in both modes, with integer labels and probabilities", () => {
    const Z = [[2, -1, 0.5], [0.1, 0.2, -3]];
    const P = [[0, 1, 0], [0.3, 0.3, 0.4]];
    const want = Z.map((z, i) => softmaxRow(z).map((p, k) => (p - P[i][k]) / 2));
    close(n.grad((z: number[][]) => n.crossEntropy(z, P))(Z), want, 1e-15);
    close(n.jacfwd((z: number[][]) => n.crossEntropy(z, P))(Z), want, 1e-15);
    close(n.grad((z: number[][]) => n.crossEntropy(z, [1, 0]))(Z), Z.map((z, i) => softmaxRow(z).map((p, k) => (p - (k === [1, 0][i] ? 1 : 0)) / 2)), 1e-15);
  });

  it("the gradient in the targets is −log softmax/batch", () => {
    const Z = [[2, -1, 0.5]];
    close(n.grad((p: number[][]) => n.crossEntropy(Z, p))([[0.2, 0.3, 0.5]]), [[0, 1, 2].map((k) => nll(Z[0], k))], 1e-15);
  });

  it("the Hessian of one row is diag(p) − ppᵀ (positive semidefinite, rows sum to 0)", () => {
    const z = [1.5, -0.5, 0.25];
    const p = softmaxRow(z);
    const H = n.hessian((v: number[]) => n.crossEntropy(v, 1))(z);
    close(H, p.map((pi, i) => p.map((pj, j) => (i === j ? pi : 0) - pi * pj)), 1e-15);
  });

  it.each([
    ["integer labels", (z: n.Tensor) => n.crossEntropy(z, [1, 0, 2])],
    ["probabilities, classes along axis 0", (z: n.Tensor) => n.crossEntropy(z, [[0.5, 1, 0], [0.5, 0, 0], [0, 0, 1]], 0)],
  ])("%s: jvp and vjp agree (dot test) and match central differences", (_name, f) => {
    checkBothModes(f, randT([3, 3]));
  });
});
