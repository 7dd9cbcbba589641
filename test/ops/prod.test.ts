import { describe, expect, it } from "vitest";
import * as n from "../../src/index";
import { close, numericGrad, rng } from "../support/numeric";
import { checkBothModes } from "../support/modes";

/*
 * prod (NumPy's prod) against the product written as a loop, and its derivatives against the
 * closed forms ∂/∂xₖ Π = Πⱼ≠ₖ xⱼ and ∂²/∂xᵢ∂xₖ Π = Πⱼ∉{i,k} xⱼ (i ≠ k), which hold with zeros
 * among the entries — where Π/xₖ, the shortcut, is 0/0.
 */

const T = (x: unknown) => (x as n.Tensor).toArray();
const r = rng(17);
const randT = (shape: number[]) => n.fromFunction(shape, () => r() * 2 - 1) as n.Tensor;

/** Πⱼ∉skip xⱼ, as a loop. */
const productExcept = (x: number[], ...skip: number[]) => x.reduce((p, v, j) => (skip.includes(j) ? p : p * v), 1);

/** The closed-form gradient and Hessian of Π xⱼ. */
const gradient = (x: number[]) => x.map((_, k) => productExcept(x, k));
const hessianOf = (x: number[]) => x.map((_, i) => x.map((_, k) => (i === k ? 0 : productExcept(x, i, k))));

describe("prod: values", () => {
  it("of all entries, along an axis, over several axes, with keepDims, as NumPy's prod", () => {
    const A = [[[1, 2], [3, 4], [5, 6]], [[-1, 0.5], [2, -3], [0.25, 4]]];
    const flat = A.flat(2);
    expect(n.prod(A)).toBe(flat.reduce((p, v) => p * v, 1));
    expect(T(n.prod(A, 0))).toEqual(A[0].map((row, i) => row.map((v, j) => v * A[1][i][j])));
    expect(T(n.prod(A, 1))).toEqual(A.map((m) => [0, 1].map((j) => m[0][j] * m[1][j] * m[2][j])));
    expect(T(n.prod(A, -1))).toEqual(A.map((m) => m.map((row) => row[0] * row[1])));
    expect(T(n.prod(A, [0, 2]))).toEqual([0, 1, 2].map((i) => A[0][i][0] * A[0][i][1] * A[1][i][0] * A[1][i][1]));
    expect(T(n.prod(A, 1, true))).toEqual(A.map((m) => [[0, 1].map((j) => m[0][j] * m[1][j] * m[2][j])]));
    expect(T(n.prod(A, undefined, true))).toEqual([[[flat.reduce((p, v) => p * v, 1)]]]);
  });

  it("of no entries is 1, of a number the number", () => {
    expect(n.prod([])).toBe(1);
    expect(T(n.prod(n.zeros([2, 0]), 1))).toEqual([1, 1]);
    expect(n.prod(-2.5)).toBe(-2.5);
  });

  it("a bad axis is a ShapeError naming prod", () => {
    expect(() => n.prod([[1, 2]], 2)).toThrow("prod: axis 2 is out of range for a 2-d array");
    expect(() => n.prod([[1, 2]], [1, -1])).toThrow("prod: repeated axis in [1,-1]");
  });
});

describe("prod: derivatives", () => {
  it("the gradient is the product of the others, in both modes and by central differences", () => {
    const x = [0.7, -1.3, 2.1, 0.4];
    const f = (v: number[]) => n.prod(v);
    close(n.grad(f)(x), gradient(x), 1e-15);
    close(n.jacfwd(f)(x), gradient(x), 1e-15);
    close(n.grad(f)(x), numericGrad((v) => v.reduce((p, e) => p * e, 1), x), 1e-8);
  });

  it.each([
    ["one zero", [0, 2, 3, -1.5]],
    ["one zero at the end", [2, 3, -1.5, 0]],
    ["two zeros", [0, 2, 0, 3]],
    ["three zeros", [0, 0, 5, 0]],
    ["all zeros", [0, 0, 0]],
  ])("with %s the gradient and the Hessian are exact (no 0/0)", (_name, x) => {
    const f = (v: number[]) => n.prod(v);
    // Exactly (tolerance 0; the sign of a zero aside).
    for (const g of [n.grad(f)(x), n.jacfwd(f)(x)]) close(g, gradient(x), 0);
    for (const H of [n.hessian(f)(x), n.jacfwd(n.grad(f))(x), n.jacrev(n.grad(f))(x), n.jacfwd(n.jacfwd(f))(x)]) {
      close(H, hessianOf(x), 0);
    }
  });

  it("the Hessian at a random point matches the closed form and differences of the gradient", () => {
    const x = [0.9, -1.1, 1.7, 0.3, 2];
    const H = n.hessian((v: number[]) => n.prod(v))(x);
    close(H, hessianOf(x), 1e-14);
    close(H, x.map((_, i) => numericGrad((v) => gradient(v)[i], x)), 1e-8);
  });

  it("along an axis with zeros: each line's own gradient (one zero, two zeros, none)", () => {
    const X = n.tensor([[0, 2, 3], [0, 4, 0], [1, 2, 3]]);
    const G = n.grad((t: n.Tensor) => n.sum(n.mul(n.prod(t, 1), [1, 10, 100])))(X);
    expect(T(G)).toEqual([[6, 0, 0], [0, 0, 0], [600, 300, 200]]);
    const Gc = n.grad((t: n.Tensor) => n.sum(n.prod(t, 0)))(X);
    // Columns [0, 0, 1] (two zeros), [2, 4, 2] (none), [3, 0, 3] (one zero).
    expect(T(Gc)).toEqual([[0, 8, 0], [0, 4, 9], [0, 8, 0]]);
  });

  it("third order: d³/dx³ of x·x·x is 6, also at 0", () => {
    const cube = (x: number) => n.prod(n.pack([x, x, x], [3]));
    for (const x of [0, 1.5, -2]) {
      expect(n.derivative(cube, 3)(x)).toBe(6);
      close(n.derivative(cube, 2)(x), 6 * x, 1e-15);
    }
  });

  it("the Hessian of sum(x ** 2) written as a prod: prod of [x, x] row by row is x², Hessian 2I", () => {
    const f = (v: n.Tensor) => n.sum(n.prod(n.stack([v, v], -1), -1));
    expect(T(n.hessian(f)(n.tensor([0, 1.5, -2])))).toEqual([[2, 0, 0], [0, 2, 0], [0, 0, 2]]);
  });

  it.each([
    ["all entries", (x: n.Tensor) => n.prod(x)],
    ["axis 1 of a 3-d tensor", (x: n.Tensor) => n.prod(x, 1)],
    ["axes [0, 2] kept", (x: n.Tensor) => n.prod(x, [0, 2], true)],
  ])("%s: jvp and vjp agree (dot test) and match central differences", (_name, f) => {
    checkBothModes(f, randT([2, 3, 2]));
    checkBothModes(f, n.tensor([[[0, 1], [2, 0]], [[0, 0], [3, 0.5]]]) as n.Tensor);
  });
});
