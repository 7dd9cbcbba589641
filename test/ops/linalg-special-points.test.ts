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
const entries = (x: unknown): number[] => [...(x as n.Tensor).data];
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

describe("a NaN entry never throws: every linear-algebra function and both gradients are NaN", () => {
  const N = [[1, NaN], [NaN, 1]];
  it.each([
    ["det", (A: V) => n.det(A)],
    ["logdet", (A: V) => n.logdet(A)],
    ["slogdet", (A: V) => n.slogdet(A).logAbsDet],
    ["inv", (A: V) => n.sum(n.inv(A))],
    ["solve", (A: V) => n.sum(n.solve(A, [1, 2]))],
    ["cholesky", (A: V) => n.sum(n.cholesky(A))],
    ["qr", (A: V) => n.add(n.sum(n.qr(A).Q), n.sum(n.qr(A).R))],
    ["eigh", (A: V) => n.add(n.sum(n.eigh(A).values), n.sum(n.eigh(A).vectors))],
    ["svd", (A: V) => { const { U, s, V: W } = n.svd(A); return n.add(n.sum(U), n.add(n.sum(s), n.sum(W))); }],
    ["norm nuc", (A: V) => n.norm(A, "nuc")],
    ["norm 2", (A: V) => n.norm(A, 2)],
    ["logsumexp", (A: V) => n.logsumexp(A)],
  ] as [string, (A: V) => V][])("%s", (_name, f) => {
    expect(f(n.tensor(N))).toBeNaN();
    expect(flat(n.grad(f)(N)).every(Number.isNaN)).toBe(true);
    expect(flat(n.jacfwd(f)(N)).every(Number.isNaN)).toBe(true);
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

describe("qr of a rank-deficient matrix", () => {
  it("its derivative is a LinAlgError naming qr and the rank (it named inv, which the user never called)", () => {
    const A = [[1, 2], [2, 4], [0, 0]];
    expect(T(n.qr(A).R)[1][1]).toBe(0);
    for (const d of [n.jacfwd, n.jacrev]) {
      expect(() => d((M: V[][]) => n.qr(M).R)(A)).toThrow("qr: the 3×2 matrix does not have full column rank (R[1][1] = 0), so Q and R have no derivative there");
      expect(() => d((M: V[][]) => n.qr(M).Q)(A)).toThrow(/^qr: the 3×2 matrix does not have full column rank/);
    }
  });
});

describe("eigh at a repeated eigenvalue", () => {
  // [[2, 1, 1], [1, 2, 1], [1, 1, 2]] has eigenvalues 1, 1, 4; computed, the double one is
  // 1 ∓ 2e-16, so 1/gap is 10¹⁶ times rounding unless the two count as one.
  const J = [[2, 1, 1], [1, 2, 1], [1, 1, 2]];
  const C = [[1, 2, 0], [-1, 0.5, 3], [2, 1, -1]];
  /** Σ C ∘ P with P = V₁V₁ᵀ the projector onto the eigenspace of the repeated eigenvalue. */
  const projected = (A: V): V => {
    const V1 = n.index(n.eigh(A).vectors, [null, [0, 2]]);
    return n.sum(n.mul(C, n.matmul(V1, n.transpose(V1))));
  };
  const plain = (A: number[][]) => projected(A) as number;

  it("the projector onto the eigenspace has its exact gradient in both modes (it was NaN)", () => {
    // P = I − v₃v₃ᵀ with v₃ = (1, 1, 1)/√3, whose eigenvalue 4 is 3 away from the others:
    // dP = −(dv₃ v₃ᵀ + v₃ dv₃ᵀ), dv₃ = (I − v₃v₃ᵀ) dA v₃ / 3, so ∂/∂A = −sym(Q (C + Cᵀ) v₃v₃ᵀ)/3, Q = I − v₃v₃ᵀ.
    const v3 = n.div(n.ones([3]), Math.sqrt(3)) as n.Tensor;
    const Q = n.sub(n.eye(3), n.outer(v3, v3));
    const M = n.div(n.neg(n.matmul(n.matmul(Q, n.add(C, n.transpose(C))), n.outer(v3, v3))), 3);
    const expected = T(n.mul(0.5, n.add(M, n.transpose(M))));
    close(T(n.grad(projected)(n.tensor(J))), expected, 1e-12);
    close(T(n.jacfwd(projected)(n.tensor(J))), expected, 1e-12);
    close(expected, symmetricNumericGrad(plain, J), 1e-6);
  });

  it("the eigenvector of the distinct eigenvalue: diag(1, 1, 5)'s top vector has gradient 1/8 off the diagonal (it was NaN)", () => {
    // dv₃ = Σᵢ₌₁,₂ eᵢ (dA_sym)ᵢ₃ / (5 − 1): Σ v₃ moves by ((dA₁₃ + dA₃₁) + (dA₂₃ + dA₃₂))/8.
    const D = [[1, 0, 0], [0, 1, 0], [0, 0, 5]];
    const top = (A: V[][]) => n.sum(n.index(n.eigh(A).vectors, [null, 2]));
    const expected = [[0, 0, 0.125], [0, 0, 0.125], [0.125, 0.125, 0]];
    close(n.grad(top)(D), expected, 1e-15);
    close(n.jacfwd(top)(D), expected, 1e-15);
    close(expected, symmetricNumericGrad((A) => top(A) as number, D), 1e-7);
  });

  it("within the eigenspace the basis is held fixed: eigh(I)'s vectors have derivative 0, not NaN", () => {
    const Jv = n.jacrev((A: V[][]) => n.eigh(A).vectors)([[1, 0], [0, 1]]);
    expect(flat(Jv)).toEqual(new Array(16).fill(0));
    expect(T(n.jacfwd((A: V[][]) => n.eigh(A).values)([[1, 0], [0, 1]]))).toEqual([[[1, 0], [0, 0]], [[0, 0], [0, 1]]]);
  });
});

describe("svd at a repeated singular value", () => {
  const C = [[1, 2], [3, 4]];
  const polar = (A: V): V => { const { U, V: W } = n.svd(A); return n.sum(n.mul(C, n.matmul(U, n.transpose(W)))); };

  it("the polar factor UVᵀ of 2·I has gradient (C − Cᵀ)/4 in both modes (it was NaN)", () => {
    // polar(2I + E) = I + (E − Eᵀ)/4 + O(E²): the rotation part of E over s₁ + s₂ = 4.
    const expected = [[0, -0.25], [0.25, 0]];
    close(T(n.grad(polar)(n.tensor([[2, 0], [0, 2]]))), expected, 1e-15);
    close(T(n.jacfwd(polar)(n.tensor([[2, 0], [0, 2]]))), expected, 1e-15);
    close(expected, matrixNumericGrad((A) => polar(A) as number, [[2, 0], [0, 2]]), 1e-7);
  });

  it("a tall matrix with a double singular value: U and V's gauge-free products against central differences, and ⟨v, J u⟩ = ⟨Jᵀv, u⟩", () => {
    // 3·(two orthonormal columns), then a rotation on the right: singular values 3, 3.
    const c = Math.cos(0.4), s = Math.sin(0.4);
    const A = T(n.mul(3, n.matmul([[0.6, 0], [0.8, 0], [0, 1]], [[c, -s], [s, c]])));
    const W = [[0.5, -1], [2, 0.3], [-0.7, 1.1]];
    const f = (M: V): V => { const { U, V: R } = n.svd(M); return n.sum(n.mul(W, n.matmul(U, n.transpose(R)))); };
    const g = T(n.grad(f)(n.tensor(A)));
    close(g, matrixNumericGrad((M) => f(M) as number, A), 1e-7);
    close(T(n.jacfwd(f)(n.tensor(A))), g, 1e-12);
    // The factors' own Jacobians, against each other: finite and transposes of each other.
    const u = n.tensor([[0.1, -0.3], [0.2, 0.5], [-0.4, 0.7]]);
    for (const part of ["U", "V"] as const) {
      const h = (M: V) => n.svd(M)[part];
      const [, t] = n.jvp(h, [n.tensor(A)], [u]) as [unknown, n.Tensor];
      const cot = n.ones(t.shape);
      const [, pullback] = n.vjp(h, n.tensor(A));
      const [back] = pullback(cot) as [n.Tensor];
      expect(flat(t).every(Number.isFinite)).toBe(true);
      close(n.sum(n.mul(cot, t)) as number, n.sum(n.mul(back, u)) as number, 1e-12);
    }
  });
});

describe("svd of a square singular matrix", () => {
  // Rank 2, not symmetric, with a zero last row and column: s = (s₁, s₂, 0), s₁ > s₂ > 0,
  // and s₃ exactly 0, so U's outside term, 0 for a square U, was computed as 0/0. The loss
  // reads the vectors of s₁ and s₂ only: those of s₃ = 0 may change sign under perturbation.
  const A = [[2, 1, 0], [-1, 3, 0], [0, 0, 0]];
  const C = [[1, -2, 0], [0.5, 1, 0], [3, -1, 0]];
  const firstTwo = (part: "U" | "V") => (M: V): V => n.sum(n.mul(C, n.svd(M)[part]));

  it.each(["U", "V"] as const)("the vectors of the non-zero singular values: %s's gradient matches central differences in both modes (U's was NaN: 0/0 from a term that is 0 for square matrices)", (part) => {
    expect(n.svd(A).s.get(2)).toBe(0);
    const f = firstTwo(part);
    const g = T(n.grad(f)(A));
    expect(g.flat().every(Number.isFinite)).toBe(true);
    close(g, matrixNumericGrad((M) => f(M) as number, A), 1e-6);
    close(T(n.jacfwd(f)(A)), g, 1e-12);
  });
});

describe("svd of a tall matrix of deficient rank", () => {
  // 3×2 of rank 1: s = (s₁, 0); u₂ is any unit vector orthogonal to u₁ and has no derivative.
  const A = [[2, 1], [4, 2], [1, 0.5]];
  it.each([["U", [[1, 0], [2, 0], [-1, 0]]], ["V", [[1, 0], [2, 0]]]] as const)("the first %s vector's gradient matches central differences in both modes (0/0 from s₂ made all of U's NaN)", (part, C) => {
    expect(n.svd(A).s.get(1)).toBe(0);
    const f = (M: V): V => n.sum(n.mul(C as unknown as number[][], n.svd(M)[part]));
    const g = T(n.grad(f)(A));
    close(g, matrixNumericGrad((M) => f(M) as number, A), 1e-7);
    close(T(n.jacfwd(f)(A)), g, 1e-12);
  });
});

describe("svd of a matrix of rank n − 2", () => {
  // Rank 1: s = (5, 0, 0). The two zero singular values are a repeated value, whose vectors
  // rotate freely; the first pair u₁, v₁ is differentiable.
  const A = [[2, 1, 0], [4, 2, 0], [0, 0, 0]];
  const C = [[1, 0, 0], [2, 0, 0], [-1, 0, 0]];

  it.each(["U", "V"] as const)("the first %s vector's gradient matches central differences in both modes (1/(0 + 0) made it NaN)", (part) => {
    expect(entries(n.svd(A).s)).toEqual([5, 0, 0]);
    const f = (M: V): V => n.sum(n.mul(C, n.svd(M)[part]));
    const g = T(n.grad(f)(A));
    close(g, matrixNumericGrad((M) => f(M) as number, A), 1e-7);
    close(T(n.jacfwd(f)(A)), g, 1e-12);
  });
});

describe("norm over two axes, and keepDims", () => {
  const X = n.reshape(n.arange(24), [2, 3, 4]) as n.Tensor;
  const slices = (f: (M: n.Tensor) => number) => [0, 1].map((i) => f(n.index(X, [i]) as n.Tensor));

  it("norm(X, ord, [rows, cols]) is the matrix norm of each matrix (only the first axis was read: vector norms of shape (2×4))", () => {
    for (const ord of [2, "fro", "nuc", 1, Infinity] as const) {
      const r = n.norm(X, ord, [1, 2]);
      expect(r.shape).toEqual([2]);
      close(r.toArray(), slices((M) => n.norm(M, ord)), 1e-12);
    }
    // The pair's order is rows then columns: [2, 1] is the transposed matrices.
    close(n.norm(X, 1, [2, 1]).toArray(), slices((M) => n.norm(n.transpose(M), 1)), 0);
    close(n.norm(X, undefined, [-2, -1]).toArray(), slices((M) => n.norm(M)), 1e-12);
    // Gradients are the per-matrix ones (UVᵀ for the nuclear norm), against central differences.
    const A = [[[3, 1], [0, 4]], [[1, 2], [3, 4]]];
    const f = (M: V) => n.sum(n.mul([2, -1], n.norm(M, "nuc", [1, 2])));
    const g = n.grad(f)(n.tensor(A));
    close(flat(g), numericGrad((v) => f(n.reshape(v, [2, 2, 2])) as number, A.flat(2)), 1e-7);
  });

  it("keepDims keeps the reduced axes (it was ignored), so x / norm(x, 2, 1, true) normalises the rows", () => {
    expect(n.norm([[3, 4], [6, 8]], 2, 1, true).toArray()).toEqual([[5], [10]]);
    expect(n.norm(X, "nuc", [0, 2], true).shape).toEqual([1, 3, 1]);
    expect(n.norm([[3, 4], [0, 0]], undefined, undefined, true).toArray()).toEqual([[5]]);
    const rows = n.div([[3, 4], [6, 8]], n.norm([[3, 4], [6, 8]], 2, 1, true)) as n.Tensor;
    close(rows.toArray(), [[0.6, 0.8], [0.6, 0.8]], 1e-15);
    // d(x/‖x‖)/dx = (I − x̂x̂ᵀ)/‖x‖ for the row [3, 4].
    const Jn = n.jacrev((M: V) => n.div(M, n.norm(M, 2, 1, true)))(n.tensor([[3, 4]])) as n.Tensor;
    close(flat(Jn), [0.64 / 5, -0.48 / 5, -0.48 / 5, 0.36 / 5], 1e-15);
  });

  it("a bad axis list is an error naming it", () => {
    expect(() => n.norm(X, 2, [0, 1, 2])).toThrow("norm: axis is one axis (vector norms) or two, [rows, cols] (matrix norms); got [0, 1, 2]");
    expect(() => n.norm(X, 2, [1, -2])).toThrow("norm: repeated axis in [1,-2]");
    expect(() => n.norm(X, 3, [1, 2])).toThrow('norm: matrix norms are "fro", "nuc", 1, 2 and Infinity; got 3');
    expect(() => n.norm(X, "fro", 1)).toThrow(/"fro" is a matrix norm/);
  });
});

describe("shape errors of the linear-algebra functions", () => {
  it.each([
    ["det", () => n.det([[1, 2, 3], [4, 5, 6]]), "det: expected a square matrix, got shape (2×3)"],
    ["inv", () => n.inv([1, 2]), "inv: expected a square matrix, got shape (2)"],
    ["logdet", () => n.logdet([[1, 2, 3], [4, 5, 6]]), "logdet: expected a square matrix, got shape (2×3)"],
    ["slogdet", () => n.slogdet(n.ones([2, 2, 2])), "slogdet: expected a square matrix, got shape (2×2×2)"],
    ["solve", () => n.solve([[1, 2], [3, 4]], [1, 2, 3]), "solve: (2×2) matrix and right-hand side (3) do not fit"],
    ["cholesky", () => n.cholesky([[1, 2, 3]]), "cholesky: expected a square matrix, got shape (1×3)"],
    ["eigh", () => n.eigh([[1, 2, 3]]), "eigh: expected a square matrix, got shape (1×3)"],
    ["qr", () => n.qr([[1, 2, 3]]), "qr: expected an m×n matrix with m ≥ n, got shape (1×3)"],
    // trace with an offset named diag, which the user never called.
    ["trace with an offset", () => n.trace([[1, 2, 3], [4, 5, 6]], 1), "trace: expected a square matrix, got shape (2×3)"],
    // svd's was a LinAlgError, which isShapeError(e) missed.
    ["svd", () => n.svd([1, 2, 3]), "svd: expected a matrix, got shape (3)"],
  ] as [string, () => unknown, string][])("%s: a ShapeError naming the function and the shape", (_name, call, message) => {
    let err: unknown;
    try { call(); } catch (e) { err = e; }
    expect(n.isShapeError(err)).toBe(true);
    expect((err as Error).message).toBe(message);
  });
});
