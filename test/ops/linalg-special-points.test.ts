import { describe, expect, it } from "vitest";
import * as n from "../../src/index";
import { close, numericGrad } from "../support/numeric";

/*
 * Linear algebra at the points a course's exercises reach sooner or later: NaN entries,
 * singular and rank-deficient matrices, repeated eigenvalues and singular values, and the
 * batched norms NumPy users write. Each case failed before its fix (the old result is in
 * the test's name).
 */

type V = n.Value;
/** A matrix result as nested arrays, whether it came back as a Tensor or as arrays. */
const T = (x: unknown): number[][] => (x instanceof n.Tensor ? x.toArray() : x) as number[][];
const flat = (x: unknown): number[] => (typeof x === "number" ? [x] : Array.isArray(x) ? (x.flat(Infinity) as number[]) : [...(x as n.Tensor).data]);

/** Central differences of f at a matrix, perturbing (i, j) and (j, i) together: for functions of the symmetric part. */
function symmetricNumericGrad(f: (A: number[][]) => number, A: number[][], h = 1e-6): number[][] {
  return A.map((row, i) =>
    row.map((_, j) => {
      const at = (d: number) => f(A.map((r, k) => r.map((v, l) => v + ((k === i && l === j) || (k === j && l === i) ? d : 0))));
      // A diagonal entry moves once; an off-diagonal pair moves twice, so halve it.
      return (at(h) - at(-h)) / (2 * h) / (i === j ? 1 : 2);
    }),
  );
}

/** Central differences of f at a matrix, entry by entry. */
function matrixNumericGrad(f: (A: number[][]) => number, A: number[][]): number[][] {
  const g = numericGrad((v) => f(A.map((r, i) => v.slice(i * r.length, (i + 1) * r.length))), A.flat());
  return A.map((r, i) => g.slice(i * r.length, (i + 1) * r.length));
}

describe("NaN entries propagate through logdet and slogdet", () => {
  it("logdet of a matrix with a NaN entry is NaN (it threw 'the determinant is negative')", () => {
    expect(n.logdet([[1, NaN], [2, 4]])).toBeNaN();
    expect(n.logdet([[NaN, 0], [0, 1]])).toBeNaN();
    expect(n.slogdet([[1, NaN], [2, 4]]).logAbsDet).toBeNaN();
    // The NaN reaches the gradient, in both modes, as through det and inv.
    expect(flat(n.grad((X: V[][]) => n.logdet(X))([[1, NaN], [2, 4]])).every(Number.isNaN)).toBe(true);
    expect(flat(n.jacfwd((X: V[][]) => n.slogdet(X).logAbsDet)([[1, NaN], [2, 4]])).every(Number.isNaN)).toBe(true);
  });
});

describe("slogdet at a singular matrix", () => {
  it("differentiating log|det| there is a LinAlgError naming slogdet (the gradient was silently 0)", () => {
    const S = [[1, 2], [2, 4]];
    expect(n.slogdet(S)).toEqual({ sign: 0, logAbsDet: -Infinity });
    for (const d of [n.grad, n.jacfwd, n.jacrev]) {
      let err: unknown;
      try { d((X: V[][]) => n.slogdet(X).logAbsDet)(S); } catch (e) { err = e; }
      expect(n.isLinAlgError(err)).toBe(true);
      expect((err as Error).message).toMatch(/^slogdet: the matrix is singular, so log\|det\| is −∞ and has no derivative there/);
    }
    // Near it the gradient is A⁻ᵀ, large but finite, and det itself stays differentiable.
    close(T(n.grad((X: V[][]) => n.slogdet(X).logAbsDet)([[1, 2], [2, 4 + 1e-3]])), T(n.transpose(n.inv([[1, 2], [2, 4 + 1e-3]]))), 1e-9);
    expect(n.grad((X: V[][]) => n.det(X))(S)).toEqual([[4, -2], [-2, 1]]);
  });
});
