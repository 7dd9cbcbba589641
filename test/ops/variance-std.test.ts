import { describe, expect, it } from "vitest";
import * as n from "../../src/index";
import { close, numericGrad, rng } from "../support/numeric";
import { checkBothModes } from "../support/modes";

/*
 * variance and std (NumPy's var and std) against the two-pass formulas written as loops, and
 * their derivatives against the closed forms: with N entries, d = N − ddof, μ the mean and σ
 * the standard deviation, ∇var = 2(x − μ)/d, ∇²var = (2/d)(I − 11ᵀ/N), ∇σ = (x − μ)/(dσ),
 * ∇²σ = (I − 11ᵀ/N)/(dσ) − (x − μ)(x − μ)ᵀ/(d²σ³). Where σ = 0 (all entries equal) std has a
 * kink, and its gradient (every order) is 0, as norm's at 0.
 */

const T = (x: unknown) => (x as n.Tensor).toArray();
const r = rng(29);
const randT = (shape: number[]) => n.fromFunction(shape, () => r() * 2 - 1) as n.Tensor;
const meanOf = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;
const varOf = (xs: number[], ddof = 0) => xs.reduce((s, v) => s + (v - meanOf(xs)) ** 2, 0) / (xs.length - ddof);

describe("variance and std: values", () => {
  const A = [[1, 2, 4], [3, 5, 11]];
  it("of all entries and along axes, with ddof and keepDims, as NumPy's var and std", () => {
    expect(n.variance(A)).toBe(varOf(A.flat()));
    expect(n.variance(A, undefined, false, 1)).toBe(varOf(A.flat(), 1));
    close(T(n.variance(A, 1)), A.map((row) => varOf(row)), 1e-15);
    close(T(n.variance(A, 0, true, 1)), [[0, 1, 2].map((j) => varOf([A[0][j], A[1][j]], 1))], 1e-15);
    close(n.std(A), Math.sqrt(varOf(A.flat())), 1e-15);
    close(T(n.std(A, -1, false, 1)), A.map((row) => Math.sqrt(varOf(row, 1))), 1e-15);
    close(T(n.std(A, [0, 1], true)), [[Math.sqrt(varOf(A.flat()))]], 1e-15);
  });

  it("two passes, so a large mean does not cancel: var(1e8 + [1, 2, 3]) = 2/3", () => {
    close(n.variance([1e8 + 1, 1e8 + 2, 1e8 + 3]), 2 / 3, 1e-15);
    close(n.std([1e8 + 1, 1e8 + 2, 1e8 + 3], undefined, false, 1), 1, 1e-15);
  });

  it("of a number is 0; bad ddof and axes are errors naming the function", () => {
    expect(n.variance(3)).toBe(0);
    expect(() => n.variance([1, 2], undefined, false, 2)).toThrow("variance: ddof 2 leaves no degrees of freedom with 2 entries per variance (ddof must be less than 2)");
    expect(() => n.std([[1, 2]], 0, false, 1)).toThrow("std: ddof 1 leaves no degrees of freedom with 1 entry per variance (ddof must be less than 1)");
    expect(() => n.std([1, 2], undefined, false, -1)).toThrow("std: ddof is a number of degrees of freedom taken off, 0 or more; got -1");
    expect(() => n.variance([[1, 2]], 2)).toThrow("variance: axis 2 is out of range for a 2-d array");
    expect(() => n.std([])).toThrow("std: no entries to take the variance of (shape (0))");
  });
});

describe("variance and std: derivatives", () => {
  const x = [0.5, -1.2, 2.3, 0.1];
  const N = x.length;
  const centering = x.map((_, i) => x.map((_, j) => (i === j ? 1 : 0) - 1 / N));

  it.each([0, 1])("ddof %i: gradient and Hessian of variance, closed form, both modes", (ddof) => {
    const d = N - ddof;
    const f = (v: number[]) => n.variance(v, undefined, false, ddof);
    const mu = meanOf(x);
    close(n.grad(f)(x), x.map((v) => (2 * (v - mu)) / d), 1e-14);
    close(n.jacfwd(f)(x), x.map((v) => (2 * (v - mu)) / d), 1e-14);
    close(n.hessian(f)(x), centering.map((row) => row.map((c) => (2 * c) / d)), 1e-14);
  });

  it.each([0, 1])("ddof %i: gradient and Hessian of std, closed form, both modes, central differences", (ddof) => {
    const d = N - ddof;
    const f = (v: number[]) => n.std(v, undefined, false, ddof);
    const mu = meanOf(x);
    const s = Math.sqrt(varOf(x, ddof));
    const g = x.map((v) => (v - mu) / (d * s));
    close(n.grad(f)(x), g, 1e-14);
    close(n.jacfwd(f)(x), g, 1e-14);
    close(n.grad(f)(x), numericGrad((v) => Math.sqrt(varOf(v, ddof)), x), 1e-8);
    const H = centering.map((row, i) => row.map((c, j) => c / (d * s) - ((x[i] - mu) * (x[j] - mu)) / (d * d * s ** 3)));
    close(n.hessian(f)(x), H, 1e-13);
    close(n.jacrev(n.grad(f))(x), H, 1e-13);
  });

  it("std where the variance is 0: gradient 0 (not NaN) in every mode, and Hessian 0, as norm's at 0", () => {
    const f = (v: number[]) => n.std(v);
    const c = [2, 2, 2];
    expect(n.std(c)).toBe(0);
    for (const g of [n.grad(f)(c), n.jacfwd(f)(c), n.jvp(f, [c], [[1, -2, 0.5]])[1]]) close(g, typeof g === "number" ? 0 : [0, 0, 0], 0);
    close(n.hessian(f)(c), [[0, 0, 0], [0, 0, 0], [0, 0, 0]], 0);
    close(n.jacrev(n.grad(f))(c), [[0, 0, 0], [0, 0, 0], [0, 0, 0]], 0);
  });

  it("std along an axis with one constant row: that row's gradient is 0, the other's the closed form", () => {
    const X = n.tensor([[1, 1, 1], [1, 2, 4]]);
    const G = T(n.grad((t: n.Tensor) => n.sum(n.std(t, 1)))(X)) as number[][];
    close(G[0], [0, 0, 0], 0);
    const row = [1, 2, 4];
    const s = Math.sqrt(varOf(row));
    close(G[1], row.map((v) => (v - meanOf(row)) / (3 * s)), 1e-15);
  });

  it("the Hessian of sum(x ** 2) through std: N·(std² + mean²) = Σx², Hessian 2I", () => {
    const f = (v: n.Tensor) => n.mul(3, n.add(n.mul(n.std(v), n.std(v)), n.mul(n.mean(v), n.mean(v))));
    close(T(n.hessian(f)(n.tensor([0.5, -1, 2]))), [[2, 0, 0], [0, 2, 0], [0, 0, 2]], 1e-14);
  });

  it.each([
    ["variance over axis 1, ddof 1", (t: n.Tensor) => n.variance(t, 1, false, 1)],
    ["variance of all entries", (t: n.Tensor) => n.variance(t)],
    ["std over axes [0, 2], keepDims", (t: n.Tensor) => n.std(t, [0, 2], true)],
    ["std of all entries, ddof 1", (t: n.Tensor) => n.std(t, undefined, false, 1)],
  ])("%s: jvp and vjp agree (dot test) and match central differences", (_name, f) => {
    checkBothModes(f, randT([2, 3, 2]));
  });
});
