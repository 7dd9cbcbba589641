import { describe, expect, it } from "vitest";
import fc from "fast-check";
import * as n from "../../src/index";
import { Dual } from "../../src/forward/dual";
import { newTag } from "../../src/core/tags";
import { Var } from "../../src/reverse/var";
import { close, rng } from "../support/numeric";

type V = n.Value;
const T = (x: unknown): unknown => (x as n.Tensor).toArray();
const r = rng(5);
const randT = (shape: number[], shift = 0) => n.fromFunction(shape, () => r() * 2 - 1 + shift);
const sym = (x: V): V => n.mul(0.5, n.add(x, n.transpose(x)));
const spd = () => { const A = randT([3, 3]); return n.add(n.matmul(A, n.transpose(A)), n.mul(3, n.eye(3))) as n.Tensor; };

const B32 = randT([3, 2]);
const B2123 = randT([2, 1, 2, 3]);

/** Tensor primitives with a sample input: each is checked by the dot-product test and central differences. */
const CASES: [string, (x: V) => V, () => n.Tensor][] = [
  ["reshape", (x) => n.reshape(x, [3, 2]), () => randT([2, 3])],
  ["transpose", (x) => n.transpose(x), () => randT([2, 3])],
  ["transpose with axes", (x) => n.transpose(x, [1, 2, 0]), () => randT([2, 3, 2])],
  ["transpose with negative axes", (x) => n.transpose(x, [-2, -1, 0]), () => randT([2, 3, 4])],
  ["sum over an axis", (x) => n.sum(x, 1), () => randT([2, 3])],
  ["sum keepDims", (x) => n.sum(x, 0, true), () => randT([2, 3])],
  ["mean", (x) => n.mean(x, 0), () => randT([2, 3])],
  ["matmul matrix·matrix", (x) => n.matmul(x, [[1, 2], [3, 4], [5, 6]]), () => randT([2, 3])],
  ["matmul matrix·vector", (x) => n.matmul(x, [1, -1, 2]), () => randT([2, 3])],
  ["matmul vector·matrix", (x) => n.matmul([1, -1], x), () => randT([2, 3])],
  ["matmul batched", (x) => n.matmul(x, B32), () => randT([2, 2, 3])],
  ["matmul batched, broadcast batch", (x) => n.matmul(B2123, x), () => randT([3, 3, 2])],
  ["matmul batched·vector", (x) => n.matmul(x, [1, 2, 3]), () => randT([2, 2, 3])],
  ["dot", (x) => n.dot(x, x), () => randT([4])],
  ["outer", (x) => n.outer(x, [1, 2]), () => randT([3])],
  ["inv", (x) => n.inv(x), spd],
  ["det", (x) => n.det(x), spd],
  // Exactly singular (an exact zero pivot): the derivative comes from the minors, not A⁻¹.
  ["det at a singular matrix (rank 2)", (x) => n.det(x), () => n.tensor([[1, 2, 3], [2, 4, 6], [1, 0, 1]])],
  ["det at a rank-1 matrix", (x) => n.det(x), () => n.outer([1, 2, 3], [1, -1, 2]) as n.Tensor],
  ["logdet", (x) => n.logdet(x), spd],
  ["solve (matrix)", (x) => n.solve(x, [1, 2, 3]), spd],
  ["solve (right-hand side)", (x) => n.solve([[2, 1, 0], [1, 3, 1], [0, 1, 4]], x), () => randT([3])],
  ["trace", (x) => n.trace(x), () => randT([3, 3])],
  ["norm", (x) => n.norm(x), () => randT([2, 3])],
  ["logsumexp", (x) => n.logsumexp(x), () => randT([4])],
  ["logsumexp over an axis", (x) => n.logsumexp(x, 1), () => randT([2, 3])],
  ["softmax", (x) => n.softmax(x), () => randT([2, 3])],
  ["logSoftmax over axis 0", (x) => n.logSoftmax(x, 0), () => randT([2, 3])],
  ["mse", (x) => n.mse(x, [[1, 2, 3], [4, 5, 6]]), () => randT([2, 3])],
  ["slice", (x) => n.slice(x, 1, -1), () => randT([4, 2])],
  ["index: a column", (x) => n.index(x, [null, 1]), () => randT([3, 4])],
  ["index: strided, reversed, repeated dims", (x) => n.index(x, [[, , -1], [1, 4, 2]]), () => randT([3, 4])],
  ["max over an axis", (x) => n.max(x, 1), () => randT([3, 4])],
  ["min over all", (x) => n.min(x), () => randT([3, 4])],
  ["kron", (x) => n.kron(x, [[1, 2], [3, 4]]), () => randT([2, 3])],
  ["kron of two vectors", (x) => n.kron(x, [1, -2]), () => randT([3])],
  ["kron of a vector and a matrix", (x) => n.kron(x, [[1, 2], [3, 4]]), () => randT([3])],
  ["norm of the rows (axis 1)", (x) => n.norm(x, 2, 1), () => randT([3, 4])],
  ["norm 1 of the columns (axis 0)", (x) => n.norm(x, 1, 0), () => randT([3, 4])],
  ["norm 3 along the last axis of a 3-d tensor", (x) => n.norm(x, 3, -1), () => randT([2, 3, 2])],
  ["diag above the main diagonal (offset 1)", (x) => n.diag(x, 1), () => randT([3, 3])],
  ["diag below the main diagonal (offset −2)", (x) => n.diag(x, -2), () => randT([3, 3])],
  ["diag matrix of a vector, offset 1", (x) => n.diag(x, 1), () => randT([2])],
  ["diag matrix of a vector, offset −1", (x) => n.diag(x, -1), () => randT([2])],
  ["vec", (x) => n.vec(x), () => randT([2, 3])],
  // Factorisations of symmetric matrices are functions of the symmetric part; finite
  // differences must perturb symmetrically to see that, hence sym(x).
  ["cholesky", (x) => n.cholesky(sym(x)), spd],
  ["qr: Q", (x) => n.qr(x).Q, () => randT([4, 3])],
  ["qr: R", (x) => n.qr(x).R, () => randT([4, 3])],
  ["eigh: values", (x) => n.eigh(sym(x)).values, spd],
  ["eigh: vectors", (x) => n.eigh(sym(x)).vectors, spd],
  ["svd: singular values of a tall matrix", (x) => n.svd(x).s, () => randT([4, 3])],
  ["svd: U of a tall matrix", (x) => n.svd(x).U, () => randT([4, 3])],
  ["svd: V of a tall matrix", (x) => n.svd(x).V, () => randT([4, 3])],
  ["svd: U, s and V of a wide matrix", (x) => { const { U, s, V } = n.svd(x); return n.add(n.sum(n.mul(U, U)), n.add(n.sum(n.exp(s)), n.sum(n.sin(V)))); }, () => randT([2, 3])],
  ["svd: U of a square matrix", (x) => n.svd(x).U, () => randT([3, 3])],
  ["norm 2 of a matrix (spectral)", (x) => n.norm(x, 2), () => randT([3, 2])],
  ["norm nuc of a matrix (nuclear)", (x) => n.norm(x, "nuc"), () => randT([2, 3])],
  ["concat along rows", (x) => n.concat([x, n.mul(x, x), [[1, 2, 3]]]), () => randT([2, 3])],
  ["concat along columns", (x) => n.concat([n.sin(x), x], 1), () => randT([2, 3])],
  ["stack on a new last axis", (x) => n.stack([x, n.exp(x)], -1), () => randT([2, 3])],
  ["diag of a vector", (x) => n.diag(x), () => randT([3])],
  ["diag of a matrix", (x) => n.diag(x), () => randT([3, 3])],
  ["maximum and clip", (x) => n.clip(n.maximum(x, [[0.1], [-0.2]]), -0.5, 0.5), () => randT([2, 3])],
  ["broadcast add", (x) => n.add(x, [[1], [2]]), () => randT([3])],
  ["elementwise chain", (x) => n.tanh(n.mul(n.exp(x), n.sigmoid(x))), () => randT([2, 2])],
  ["prod of all entries", (x) => n.prod(x), () => randT([2, 3])],
  ["prod along axis 1 of a 3-d tensor", (x) => n.prod(x, 1), () => randT([2, 3, 2])],
  ["prod over axes [0, 2], keepDims", (x) => n.prod(x, [0, 2], true), () => randT([2, 3, 2])],
  ["prod with a zero in each line", (x) => n.prod(x, 1), () => n.tensor([[0, 0.5, -0.7], [1.2, 0, 0.4]])],
  ["cumsum flattened", (x) => n.cumsum(x), () => randT([2, 3])],
  ["cumsum along axis 1 of a 3-d tensor", (x) => n.cumsum(x, 1), () => randT([2, 3, 2])],
  ["variance, ddof 1", (x) => n.variance(x, undefined, false, 1), () => randT([2, 3])],
  ["variance along axis 0, keepDims", (x) => n.variance(x, 0, true), () => randT([3, 2])],
  ["std along the last axis", (x) => n.std(x, -1), () => randT([2, 3])],
  ["erf and erfc elementwise", (x) => n.add(n.erf(n.mul(2, x)), n.erfc(n.mul(3, x))), () => randT([2, 3])],
  ["crossEntropy with integer labels", (x) => n.crossEntropy(x, [2, 0]), () => randT([2, 3])],
  ["crossEntropy with probabilities, classes along axis 0", (x) => n.crossEntropy(x, [[0.2, 1], [0.8, 0]], 0), () => randT([2, 2])],
];

const data = (v: V): number[] => (typeof v === "number" ? [v] : Array.from((v as n.Tensor).data));
const dotp = (a: number[], b: number[]) => a.reduce((s, ai, i) => s + ai * b[i], 0);

describe.each(CASES)("%s", (_name, f, sample) => {
  it("forward and reverse agree: ⟨v, J u⟩ = ⟨Jᵀ v, u⟩", () => {
    const x = sample();
    const u = randT([...x.shape]);
    const y = f(x);
    const v = typeof y === "number" ? 0.7 : randT([...(y as n.Tensor).shape]);
    const jvp = (f(new Dual(x, u, newTag())) as Dual).tangent;
    const xv = n.variable(x);
    const out = f(xv);
    n.backward(out, v);
    close(dotp(data(v as V), data(jvp)), dotp(data(xv.grad), data(u)), 1e-10);
  });

  it("the reverse gradient of ⟨v, f(x)⟩ matches central differences", () => {
    const x = sample();
    const y = f(x);
    const v = typeof y === "number" ? 1 : randT([...(y as n.Tensor).shape]);
    const report = n.checkGrad((t: V) => n.sum(n.mul(f(t), v)), x, { rtol: 1e-5, atol: 1e-6 });
    expect(report.ok, String(report)).toBe(true);
  });

  it("second derivative through it (forward over reverse) is symmetric", () => {
    const x = sample();
    const y = f(x);
    const v = typeof y === "number" ? 1 : randT([...(y as n.Tensor).shape]);
    const H = n.hessian((t: V) => n.sum(n.mul(f(t), v)))(x) as n.Tensor;
    const m = x.size;
    for (let i = 0; i < m; i++) for (let j = 0; j < i; j++) close(H.data[i * m + j], H.data[j * m + i], 1e-8);
  });
});

describe("indexing and slicing", () => {
  const M = [[1, 2, 3], [4, 5, 6]];
  it.each([
    [[null, [1]], [[2, 3], [5, 6]]],
    [[1, [undefined, undefined, -1]], [6, 5, 4]],
    [[-1, -1], 6],
    [[[0, 1], [0, 3, 2]], [[1, 3]]],
    [[null, 2], [3, 6]],
    // null bounds inside a range are omitted bounds, as None is in NumPy: M[:, ::-1], M[:, 1:], M[::-1, :2]
    [[null, [null, null, -1]], [[3, 2, 1], [6, 5, 4]]],
    [[null, [1, null]], [[2, 3], [5, 6]]],
    [[[null, null, -1], [null, 2, null]], [[4, 5], [1, 2]]],
  ])("index(M, %j)", (specs, expected) => {
    const r = n.index(M, specs as never);
    expect(typeof r === "number" ? r : (r as n.Tensor).toArray()).toEqual(expected);
  });
  it("methods and out-of-range errors", () => {
    expect(((n.tensor(M) as n.Tensor).at(null, 0) as n.Tensor).toArray()).toEqual([1, 4]);
    expect(() => n.index(M, [2, 0])).toThrow("index: index 2 is out of range for axis 0 of length 2 (shape (2×3))");
    expect(() => n.index(M, [0, 0, 0])).toThrow(/3 indices for a tensor of shape \(2×3\)/);
    // These selected NaN entries, nothing, or the whole tensor without a word.
    expect(() => n.index(M, [null, [0.5, 2]])).toThrow("index: range bounds must be whole numbers or null, got [0.5, 2] for axis 1");
    expect(() => n.index(M, [["a", 2] as never])).toThrow(/range bounds must be whole numbers/);
    expect(() => n.index(M, ["1" as never])).toThrow('index: axis 0: expected a number, a [start, stop, step] range or null, got "1"');
    expect(() => n.index(M, 1 as never)).toThrow("index: expected an array with one entry per axis, e.g. index(x, [1, null]), got 1");
    expect((n.index(M, [null, [1, Infinity]]) as n.Tensor).toArray()).toEqual([[2, 3], [5, 6]]);
  });
  it("a list of four positions (NumPy's x[[1, 2, 3, 4]]) is an error, not the range 1…2 step 3 (it gave [1])", () => {
    expect(() => n.index(n.arange(10), [[1, 2, 3, 4] as never])).toThrow("index: a range is [start, stop, step?], got 4 entries [1, 2, 3, 4] for axis 0; to pick several positions, stack single indices");
    expect((n.index(n.arange(10), [[1, 8, 3]]) as n.Tensor).toArray()).toEqual([1, 4, 7]);
  });
});

describe("factorisations reproduce their matrix", () => {
  const A = spd();
  it("cholesky: L Lᵀ = A, L lower triangular; not positive definite is a clear error", () => {
    const L = n.cholesky(A) as n.Tensor;
    close(n.matmul(L, n.transpose(L)).toArray(), A.toArray(), 1e-13);
    expect(L.get(0, 1)).toBe(0);
    expect(() => n.cholesky([[1, 2], [2, 1]])).toThrow(/not positive definite \(pivot 1/);
  });
  it("qr: QᵀQ = I, QR = A, R upper triangular with non-negative diagonal", () => {
    const M = randT([5, 3]);
    const { Q, R } = n.qr(M) as { Q: n.Tensor; R: n.Tensor };
    close(n.matmul(n.transpose(Q), Q).toArray(), n.eye(3).toArray(), 1e-13);
    close(n.matmul(Q, R).toArray(), M.toArray(), 1e-13);
    for (let i = 0; i < 3; i++) {
      expect(R.get(i, i)).toBeGreaterThanOrEqual(0);
      for (let j = 0; j < i; j++) expect(R.get(i, j)).toBe(0);
    }
  });
  it("eigh: A V = V Λ with ascending eigenvalues; [[2, 1], [1, 2]] has 1 and 3", () => {
    const { values, vectors } = n.eigh(A) as { values: n.Tensor; vectors: n.Tensor };
    close(n.matmul(A, vectors).toArray(), n.mul(vectors, n.reshape(values, [1, 3])).toArray() as never, 1e-12);
    expect(values.data[0]).toBeLessThanOrEqual(values.data[1]);
    close((n.eigh([[2, 1], [1, 2]]).values as n.Tensor).toArray(), [1, 3], 1e-14);
    expect(() => n.eigh([[1, 2], [3, 4]])).toThrow(/not symmetric/);
  });
  it("concat, stack, diag, argmax: values, and errors that name the shapes", () => {
    expect((n.concat([[[1, 2]], [[3, 4]]], 1) as n.Tensor).toArray()).toEqual([[1, 2, 3, 4]]);
    expect((n.stack([[1, 2], [3, 4]], 1) as n.Tensor).toArray()).toEqual([[1, 3], [2, 4]]);
    expect((n.diag([[1, 2], [3, 4]]) as n.Tensor).toArray()).toEqual([1, 4]);
    expect(n.argmax([3, 7, 7, 1])).toBe(1);
    expect((n.argmax([[1, 9], [8, 2]], 1) as n.Tensor).toArray()).toEqual([1, 0]);
    expect((n.argmin([[1, 9], [8, 2]], 0) as n.Tensor).toArray()).toEqual([0, 1]);
    expect(n.argmax([1, NaN, 3])).toBe(1);
    expect(() => n.concat([[1, 2], [[3]]])).toThrow("concat: input 1 has shape (1×1) but input 0 has (2); they may differ only along axis 0");
    expect(() => n.stack([[1, 2], [3]])).toThrow(/stack: input 1 has shape \(1\) but input 0 has \(2\)/);
    expect(() => n.diag([[1, 2, 3]])).toThrow(/diag: expected a vector or a square matrix, got shape \(1×3\)/);
    expect(() => n.argmax([])).toThrow(/empty/);
  });

  it("unvec takes the shape as (rows, cols) or [rows, cols], and says what is wrong", () => {
    expect((n.unvec([1, 2, 3, 4], [2, 2]) as n.Tensor).toArray()).toEqual([[1, 3], [2, 4]]);
    expect((n.unvec(n.vec([[1, 2, 3], [4, 5, 6]]), 2, 3) as n.Tensor).toArray()).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(() => n.unvec([1, 2, 3], [2, 2])).toThrow("unvec: a vector of shape (3) cannot be unstacked into a 2×2 matrix (it needs 4 entries)");
    expect(() => n.unvec([1, 2, 3, 4], 2)).toThrow(/got rows = 2, cols = undefined/);
  });

  it("kron and vec: vec(ABC) = (Cᵀ ⊗ A) vec(B)", () => {
    expect((n.kron([[1, 2], [3, 4]], [[5, 6], [7, 8]]) as n.Tensor).toArray()).toEqual([[5, 6, 10, 12], [7, 8, 14, 16], [15, 18, 20, 24], [21, 24, 28, 32]]);
    expect((n.vec([[1, 3], [2, 4]]) as n.Tensor).toArray()).toEqual([1, 2, 3, 4]);
    const [Am, Bm, Cm] = [randT([2, 3]), randT([3, 4]), randT([4, 2])];
    close((n.vec(n.matmul(n.matmul(Am, Bm), Cm)) as n.Tensor).toArray(), (n.matmul(n.kron(n.transpose(Cm), Am), n.vec(Bm)) as n.Tensor).toArray(), 1e-13);
  });
  it("max/min reduce tensors, fold scalars, and split the gradient at ties", () => {
    expect(n.max([[1, 5], [7, 2]])).toBe(7);
    expect((n.max([[1, 5], [7, 2]], 1) as n.Tensor).toArray()).toEqual([5, 7]);
    expect(n.max(1, 4, 2)).toBe(4);
    expect(n.grad((X: V) => n.max(X))([[1, 5], [7, 7]])).toEqual([[0, 0], [0.5, 0.5]]);
  });
});

describe("NumPy's extra arguments are taken, not ignored", () => {
  it("norm(x, ord, axis): one vector norm per slice (the axis was ignored: the norm of the whole matrix)", () => {
    const X = [[3, 4], [6, -8], [0, 0]];
    expect(T(n.norm(X, 2, 1))).toEqual([5, 10, 0]);
    expect(T(n.norm(X, undefined, -1))).toEqual([5, 10, 0]);
    expect(T(n.norm(X, 1, 0))).toEqual([9, 12]);
    expect(T(n.norm(X, Infinity, 1))).toEqual([4, 8, 0]);
    expect(n.norm([3, 4], 2, 0)).toBe(5);
    // ∂‖xᵢ‖/∂xᵢ = xᵢ/‖xᵢ‖ row by row, and 0 for the zero row.
    close(T(n.grad((A: V) => n.sum(n.norm(A, 2, 1)))(n.tensor(X))), [[0.6, 0.8], [0.6, -0.8], [0, 0]], 1e-15);
    expect(() => n.norm(X, "fro", 1)).toThrow(/norm: "fro" is a matrix norm; along axis 1 the norms are vector norms/);
    expect(() => n.norm(X, 2, 2)).toThrow(n.ShapeError);
  });

  it("argmax and argmin take keepDims (it was ignored) and one axis (of a list only the first was read)", () => {
    const X = [[1, 9, 4], [8, 2, 8]];
    expect(T(n.argmax(X, 1, true))).toEqual([[1], [0]]);
    expect(T(n.argmin(X, 0, true))).toEqual([[0, 1, 0]]);
    expect(T(n.argmax(X, undefined, true))).toEqual([[1]]);
    // With keepDims the indices line up with x along the axis: the maxima, picked back out.
    const picked = X.map((row, i) => row[(T(n.argmax(X, 1, true)) as number[][])[i][0]]);
    expect(picked).toEqual(T(n.max(X, 1)));
    expect(n.argmax(X)).toBe(1);
    expect(() => n.argmax(X, [0, 1] as never)).toThrow("argmax: the axis is one integer, got [0,1]");
  });

  it("diag(x, k): the k-th diagonal, above (k > 0) or below (k < 0) the main one (k was ignored: the main diagonal)", () => {
    const A = [[1, 2, 3], [4, 5, 6], [7, 8, 9]];
    expect(T(n.diag(A, 1))).toEqual([2, 6]);
    expect(T(n.diag(A, -1))).toEqual([4, 8]);
    expect(T(n.diag(A, 2))).toEqual([3]);
    expect(T(n.diag(A, 3))).toEqual([]);
    expect(T(n.diag([1, 2], 1))).toEqual([[0, 1, 0], [0, 0, 2], [0, 0, 0]]);
    expect(T(n.diag([1, 2], -1))).toEqual([[0, 0, 0], [1, 0, 0], [0, 2, 0]]);
    expect(T(n.grad((X: V) => n.sum(n.diag(X, 1)))(n.tensor(A)))).toEqual([[0, 1, 0], [0, 0, 1], [0, 0, 0]]);
    expect(() => n.diag(A, 0.5)).toThrow(/diag: the offset k must be an integer, got 0.5/);
  });

  it("trace(x, k) sums the k-th diagonal (k was ignored: trace(A, 1) gave the main diagonal's sum)", () => {
    const A = [[1, 2, 3], [4, 5, 6], [7, 8, 9]];
    expect(n.trace(A, 1)).toBe(2 + 6);
    expect(n.trace(A, -2)).toBe(7);
    expect(T(n.grad((X: V) => n.trace(X, -1))(n.tensor(A)))).toEqual([[0, 0, 0], [1, 0, 0], [0, 1, 0]]);
  });

  it("reshape(x, 2, 3) and transpose(x, 1, 0) take separate numbers, as the methods do (they crashed: 'shape.indexOf is not a function', 'axes?.map is not a function')", () => {
    expect(T(n.reshape([1, 2, 3, 4, 5, 6], 2, 3))).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(T(n.reshape([1, 2, 3, 4], 4))).toEqual([1, 2, 3, 4]);
    expect(T(n.transpose([[1, 2], [3, 4]], 1, 0))).toEqual([[1, 3], [2, 4]]);
    expect(n.shape(n.transpose(n.zeros([2, 3, 4]), 2, 0, 1))).toEqual([4, 2, 3]);
    expect(n.shape(n.zeros([2, 3, 4]).transpose(2, 0, 1))).toEqual([4, 2, 3]);
    expect(n.shape(n.zeros([2, 3, 4]).transpose([2, 0, 1]))).toEqual([4, 2, 3]);
    expect(T(n.grad((x: V) => n.sum(n.mul(n.transpose(n.reshape(x, 2, 2), 1, 0), [[1, 2], [3, 4]])))(n.tensor([1, 1, 1, 1])))).toEqual([1, 3, 2, 4]);
    expect(() => n.reshape([1, 2], "2" as never)).toThrow(/reshape: expected numbers or one array of numbers, got the string "2"/);
  });

  it("clip with one bound left out limits one side, as NumPy's and JAX's (it was 'got Tensor and undefined undefined')", () => {
    expect(T(n.clip([-2, 0.5, 3], 0))).toEqual([0, 0.5, 3]);
    expect(T(n.clip([-2, 0.5, 3], null, 1))).toEqual([-2, 0.5, 1]);
    expect(T(n.clip([-2, 0.5, 3], undefined, undefined))).toEqual([-2, 0.5, 3]);
    expect(T(n.grad((x: V) => n.sum(n.clip(x, 0)))(n.tensor([-2, 0.5, 3])))).toEqual([0, 1, 1]);
  });

  it("kron of vectors (it was 'expected two matrices')", () => {
    expect(T(n.kron([1, 2], [3, 4, 5]))).toEqual([3, 4, 5, 6, 8, 10]);
    // A vector next to a matrix is a row, as NumPy takes it.
    expect(T(n.kron([1, 2], [[1, 0], [0, 1]]))).toEqual([[1, 0, 2, 0], [0, 1, 0, 2]]);
    expect(T(n.kron([[1], [2]], [3, 4]))).toEqual([[3, 4], [6, 8]]);
    expect(() => n.kron(n.zeros([2, 2, 2]), [1])).toThrow(/kron: expected vectors or matrices, got shapes \(2×2×2\) and \(1\)/);
  });
});

describe("tensor structure", () => {
  it("fromFunction of differentiable entries is a differentiable tensor (it stored them in a Float64Array: a DerivativeLostError that blamed the operators)", () => {
    // F(x)ᵢⱼ = x·(i + 1)^j, so ∂ΣF/∂x = Σᵢⱼ (i + 1)^j = (1 + 1) + (1 + 2) = 5 for shape (2×2).
    const sumF = (x: n.Value) => n.sum(n.fromFunction([2, 2], (i, j) => n.mul(x, (i + 1) ** j) as never));
    expect(n.grad(sumF as never)(3)).toBe(5);
    expect(n.derivative(sumF as never)(3)).toBe(5);
    expect((n.fromFunction([2], (i) => n.mul(n.dual(2, 1), i + 1) as never) as never as n.Dual).tangent).toEqual(n.tensor([1, 2]));
    expect(n.fromFunction([2, 2], (i, j) => i + j).toArray()).toEqual([[0, 1], [1, 2]]);
    expect(() => n.fromFunction([2], (i) => (i === 1 ? "a" : i) as never)).toThrow(/fromFunction: f\(1\) returned the string "a", not a number/);
  });

  it("a tensor operation is one tape entry", () => {
    const A = n.variable([[1, 2], [3, 4]]);
    const B = n.variable([[0, 1], [1, 0]]);
    const before = A.tape.size;
    const C = n.matmul(A, B) as Var;
    expect(C.tape.size).toBe(before + 1);
    n.backward(n.sum(C));
    expect((A.grad as n.Tensor).toArray()).toEqual([[1, 1], [1, 1]]);
  });

  it("the blocked matrix product equals the textbook triple loop for every shape, remainders included", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 11 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 11 }), (m, k, nn) => {
        const A = randT([m, k]);
        const B = randT([k, nn]);
        const C = (n.matmul(A, B) as n.Tensor).data;
        for (let i = 0; i < m; i++) {
          for (let j = 0; j < nn; j++) {
            let s = 0;
            for (let p = 0; p < k; p++) s += A.data[i * k + p] * B.data[p * nn + j];
            expect(C[i * nn + j]).toBe(s); // same products, added in the same order
          }
        }
      }),
      { numRuns: 60, seed: 11 },
    );
    // NaN propagates as IEEE arithmetic says, 0·NaN included, in every path of the kernel.
    expect(Number.isNaN((n.matmul([0, 1], [[NaN, 1], [2, 3]]) as n.Tensor).data[0])).toBe(true);
    expect(Number.isNaN((n.matmul([[NaN, 1, 2, 3, 4, 5, 6, 7]], [0, 0, 0, 0, 0, 0, 0, 1]) as n.Tensor).data[0])).toBe(true);
    expect(Number.isNaN((n.matmul(n.tensor([[0, 1], [0, 1], [0, 1], [0, 1]]), n.tensor([[NaN, 1, 1, 1], [1, 1, 1, 1]])) as n.Tensor).data[0])).toBe(true);
    // NaN in a matrix propagates to every entry it touches.
    const withNaN = (n.matmul(n.tensor([[NaN, 1, 0, 0], [0, 0, 0, 0], [1, 1, 1, 1], [2, 2, 2, 2]]), n.eye(4)) as n.Tensor).toArray() as number[][];
    expect(Number.isNaN(withNaN[0][0])).toBe(true);
    expect(withNaN[3]).toEqual([2, 2, 2, 2]);
  });

  it("matrix·vector gives the same result for a mostly-zero vector (its sparse loop) as for a dense one", () => {
    const A = randT([7, 9]);
    const sparse = n.tensor([0, 0, 2.5, 0, 0, 0, 0, -1, 0]);
    const dense = n.add(sparse, 1e-300) as n.Tensor; // no exact zeros: the dot-product loop
    const a = (n.matmul(A, sparse) as n.Tensor).data;
    const b = (n.matmul(A, dense) as n.Tensor).data;
    const expected = Array.from({ length: 7 }, (_, i) => A.data[i * 9 + 2] * 2.5 - A.data[i * 9 + 7]);
    close(Array.from(a), expected, 1e-15);
    close(Array.from(b), expected, 1e-15);
  });

  it("tensor arithmetic broadcasts like NumPy", () => {
    expect((n.add([[1], [2]], [10, 20, 30]) as n.Tensor).toArray()).toEqual([[11, 21, 31], [12, 22, 32]]);
    expect((n.mul(n.tensor([[1, 2], [3, 4]]), 2) as n.Tensor).toArray()).toEqual([[2, 4], [6, 8]]);
    expect((n.tensor([[1, 2], [3, 4]]) as n.Tensor).T.toArray()).toEqual([[1, 3], [2, 4]]);
  });

  it("linspace with differentiable ends is differentiable, as JAX's (it was 'the ends must be numbers')", () => {
    // Σₖ (a + (b − a)·k/(n − 1)) over n points = n(a + b)/2: ∂/∂a = ∂/∂b = n/2.
    expect(n.grad((a: V, b: V) => n.sum(n.linspace(a as never, b as never, 5)), { argnums: [0, 1] })(0, 2)).toEqual([2.5, 2.5]);
    expect(n.derivative((b: V) => n.sum(n.mul(n.linspace(0, b as never, 3), [1, 2, 3])))(4)).toBe(0 * 1 + 0.5 * 2 + 1 * 3);
    // a + (3 − a)·(0, ½, 1) at a = 1 with ȧ = 1: values (1, 2, 3), tangents 1 − (0, ½, 1).
    const ends = n.linspace(n.dual(1, 1) as never, 3, 3) as n.Dual;
    expect([T(n.primal(ends)), T(ends.tangent)]).toEqual([[1, 2, 3], [1, 0.5, 0]]);
    expect(() => n.linspace("0" as never, 1)).toThrow(/linspace: the ends must be numbers, got the string "0" and number 1/);
  });

  it("creation functions", () => {
    expect(n.arange(4).toArray()).toEqual([0, 1, 2, 3]);
    expect(n.linspace(0, 1, 3).toArray()).toEqual([0, 0.5, 1]);
    expect(n.eye(2).toArray()).toEqual([[1, 0], [0, 1]]);
    expect(n.randn([5], 3).toArray()).toEqual(n.randn([5], 3).toArray());
    const big = n.randn([100000], 9);
    expect(Math.abs((n.mean(big) as number))).toBeLessThan(0.02);
    expect(() => n.tensor([[1, 2], [3]])).toThrow(/ragged array: element \[1\] has shape \(1\) but \[0\] has \(2\)/);
  });

  // Bad input found by driving every export: each error names the function called and the value given.
  it.each([
    ["add", () => n.add([[1, 2], [3]] as never, 1)],
    ["matmul", () => n.matmul([[1, 2], [3]] as never, [1, 2])],
    ["inv", () => n.inv([[1, 2], [3]] as never)],
    ["sum", () => n.sum([[1, 2], [3]] as never)],
    ["shape", () => n.shape([[1, 2], [3]] as never)],
    ["dual", () => n.dual([[1, 2], [3]] as never)],
    ["variable", () => n.variable([[1, 2], [3]] as never)],
  ])("a ragged array given to %s is an error naming %s, not the internal tensor()", (name, call) => {
    expect(call).toThrow(`${name}: ragged array: element [1] has shape (1) but [0] has (2)`);
    expect(call).toThrow(n.ShapeError);
  });

  it("a string entry given to dual or variable names the function called", () => {
    expect(() => n.variable(["a", 1] as never)).toThrow("variable: element [0] is string, not a number");
    expect(() => n.dual([1, "b"] as never)).toThrow("dual: element [1] is string, not a number");
  });

  it("shape of a typed array is its length, and shape of a non-array is an error (both read as [])", () => {
    expect(n.shape(new Float64Array(3) as never)).toEqual([3]);
    expect(n.shape(2)).toEqual([]);
    expect(() => n.shape(undefined as never)).toThrow("shape: expected a number, an array of numbers or a tensor, got undefined");
    expect(() => n.shape("abc" as never)).toThrow(TypeError);
  });

  it("zeros, ones, rand and eye name themselves and show the shape as given (zeros said full:, NaN read null, a bigint crashed the message)", () => {
    expect(() => n.zeros(3 as never)).toThrow("zeros: shape must be an array of non-negative integers, such as [2, 3], got number 3 (for a 1-d tensor write zeros([3]))");
    expect(() => n.ones([2, NaN])).toThrow("ones: shape must be an array of non-negative integers, such as [2, 3], got [2, NaN]");
    expect(() => n.rand([1n] as never)).toThrow("rand: shape must be an array of non-negative integers, such as [2, 3], got [bigint 1]");
    expect(() => n.randn(["2"] as never)).toThrow('randn: shape must be an array of non-negative integers, such as [2, 3], got ["2"]');
    expect(() => n.full([2], "a" as never)).toThrow("full: the fill value must be a number, got the string \"a\"");
    expect(() => n.eye(1n as never)).toThrow("eye: the size must be a non-negative integer, got bigint 1");
    expect(() => n.eye(2, -1)).toThrow(n.ShapeError);
    expect(n.eye(2, 3).toArray()).toEqual([[1, 0, 0], [0, 1, 0]]);
  });

  it("arange of a non-number or an infinite end is an error (it made a tensor of NaN length)", () => {
    expect(() => n.arange(undefined as never)).toThrow("arange: stop must be a number, got undefined");
    expect(() => n.arange("3" as never)).toThrow('arange: stop must be a number, got the string "3"');
    expect(() => n.arange(0, 5, [1] as never)).toThrow("arange: step must be a number, got an array of 1");
    expect(() => n.arange(NaN)).toThrow("arange: stop must be finite, got NaN");
    expect(() => n.arange(0, Infinity)).toThrow(RangeError);
    expect(n.arange(1, 2, 0.5).toArray()).toEqual([1, 1.5]);
  });

  it("pack checks its values, fromFunction its f, rand and randn their seed (NaN entries, 'f is not a function', and any non-number seed gave the same numbers)", () => {
    expect(() => n.pack([1, "a"] as never, [2])).toThrow('pack: value 1 is the string "a", not a number');
    expect(() => n.pack([1, 2] as never, undefined as never)).toThrow("pack: expected an array of scalars and a shape, pack(values, [2, 3]), got an array of 2 and undefined");
    expect(() => n.fromFunction([2], 3 as never)).toThrow("fromFunction: expected a function of the indices, (i, j, …) => value, got number 3");
    expect(() => n.rand([2], "a" as never)).toThrow('rand: the seed must be a finite number, got the string "a"');
    expect(() => n.randn([2], NaN)).toThrow("randn: the seed must be a finite number, got number NaN");
    expect(n.rand([2], 1.5).shape).toEqual([2]);
  });

  it.each([
    [null, "sum", "null"],
    ["0", "mean", 'the string "0"'],
    [true, "argmax", "boolean true"],
    [{}, "softmax", "an object (Object)"],
  ])("an axis of %j to %s is a TypeError saying what an axis is (it read 'axes is not iterable' or 'axis 0 is out of range')", (axis, name, shown) => {
    const call = () => (n[name as "sum"] as (x: unknown, a: unknown) => unknown)([[1, 2], [3, 4]], axis);
    expect(call).toThrow(`${name}: the axis must be an integer or an array of integers, got ${shown}`);
    expect(call).toThrow(TypeError);
  });

  it("broadcastTo and sumToShape check the shape argument (they crashed: shape.every is not a function)", () => {
    expect(() => n.broadcastTo([1, 2], 2 as never)).toThrow("broadcastTo: shape must be an array of non-negative integers, such as [2, 3], got number 2 (for a 1-d tensor write broadcastTo([2]))");
    expect(() => n.sumToShape([1, 2], undefined as never)).toThrow("sumToShape: shape must be an array of non-negative integers, such as [2, 3], got undefined");
    expect(() => n.sumToShape([1, 2], "ab" as never)).toThrow(n.ShapeError);
    expect(n.sumToShape([[1, 2], [3, 4]], [2]).toArray()).toEqual([4, 6]);
  });

  it("det differentiates at singular matrices: the cofactor matrix, first and second order", () => {
    // det [[a, b], [c, d]] = ad − bc: gradient [[d, −c], [−b, a]], finite where A⁻¹ is not.
    expect(n.grad((X: number[][]) => n.det(X))([[1, 2], [2, 4]])).toEqual([[4, -2], [-2, 1]]);
    // (+ 0 turns −0 into 0: the cofactor of a zero entry is −0 here.)
    expect((n.grad((X: number[][]) => n.det(X))([[0, 0], [0, 0]]) as number[][]).flat().map((v) => v + 0)).toEqual([0, 0, 0, 0]);
    // Second derivatives of ad − bc: ∂²/∂a∂d = 1, ∂²/∂b∂c = −1, the rest 0 — at a singular point.
    const H = (n.hessian((X: number[][]) => n.det(X))([[1, 2], [2, 4]]) as number[][][][]).map((a) => a.map((b) => b.map((c) => c.map((v) => v + 0))));
    expect(H[0][0]).toEqual([[0, 0], [0, 1]]);
    expect(H[0][1]).toEqual([[0, 0], [-1, 0]]);
    expect(H[1][0]).toEqual([[0, -1], [0, 0]]);
    expect(H[1][1]).toEqual([[1, 0], [0, 0]]);
    // Forward mode agrees: the directional derivative along E₁₁ is the (1,1) cofactor.
    const [, t] = n.jvp((X: number[][]) => n.det(X), [[[1, 2, 3], [2, 4, 6], [1, 0, 1]]], [[[1, 0, 0], [0, 0, 0], [0, 0, 0]]]);
    expect(t).toBeCloseTo(4 * 1 - 6 * 0, 12);
  });

  it("svd: A = U·diag(s)·Vᵀ with orthonormal factors, s = √eig(AᵀA); the norms' gradients u₁v₁ᵀ and UVᵀ", () => {
    for (const shape of [[4, 3], [3, 3], [2, 5]]) {
      const A = randT(shape);
      const { U, s, V } = n.svd(A);
      const k = Math.min(shape[0], shape[1]);
      const rebuilt = n.matmul(n.mul(U, n.reshape(s, [1, k])), n.transpose(V)) as n.Tensor;
      Array.from(rebuilt.data).forEach((v, i) => close(v, A.data[i], 1e-12));
      const I = n.eye(k).data;
      for (const Q of [U, V]) Array.from((n.matmul(n.transpose(Q), Q) as n.Tensor).data).forEach((v, i) => close(v, I[i], 1e-12));
      const sv = Array.from((s as n.Tensor).data);
      sv.slice(1).forEach((v, i) => expect(v).toBeLessThanOrEqual(sv[i]));
      const small = shape[0] >= shape[1] ? n.matmul(n.transpose(A), A) : n.matmul(A, n.transpose(A));
      const eig = Array.from((n.eigh(small).values as n.Tensor).data).reverse().map(Math.sqrt);
      sv.forEach((v, i) => close(v, eig[i], 1e-10));
      // ∂σ₁/∂A = u₁v₁ᵀ and ∂‖A‖_*/∂A = UVᵀ (full rank).
      const u1 = n.index(U, [null, 0]);
      const v1 = n.index(V, [null, 0]);
      const g2 = n.grad((X: V) => n.norm(X, 2))(A) as n.Tensor;
      Array.from((n.outer(u1, v1) as n.Tensor).data).forEach((v, i) => close(g2.data[i], v, 1e-10));
      const gNuc = n.grad((X: V) => n.norm(X, "nuc"))(A) as n.Tensor;
      Array.from((n.matmul(U, n.transpose(V)) as n.Tensor).data).forEach((v, i) => close(gNuc.data[i], v, 1e-10));
    }
    // Rank-deficient: the zero singular value is exact and U is still orthonormal.
    const { U, s } = n.svd([[1, 2], [2, 4], [3, 6]]);
    expect((s as n.Tensor).data[1]).toBeLessThan(1e-14);
    Array.from((n.matmul(n.transpose(U), U) as n.Tensor).data).forEach((v, i) => close(v, [1, 0, 0, 1][i], 1e-12));
    expect(n.norm([[3, 0], [0, -2]], 2)).toBe(3);
    expect(n.norm([[3, 0], [0, -2]], "nuc")).toBe(5);
    expect(() => n.svd([1, 2, 3])).toThrow("svd: expected a matrix, got shape (3)");
    expect(() => n.norm([1, 2], "nuc")).toThrow('norm: "nuc" is a matrix norm, got shape (2)');
  });

  it("a tangent given as a Tensor for an array argument is read element by element", () => {
    const [y, t] = n.jvp((x: number[]) => n.sum(n.mul(x, x)), [[1, 2]], [n.tensor([1, 0])]);
    expect(y).toBe(5);
    expect(t).toBe(2);
    expect(n.hvp((x: number[]) => n.mul(x[0], n.mul(x[0], x[1])))([1, 2], n.tensor([0, 1]))).toEqual([2, 0]);
  });

  it("rendering NaN and Infinity does not throw; NaN propagates through linear algebra", () => {
    expect(String(n.tensor([NaN, Infinity]))).toMatch(/NaN|null/);
    expect(Number.isNaN(n.det([[NaN, 1], [1, 1]]) as number)).toBe(true);
  });
});
