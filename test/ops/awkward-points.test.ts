import { describe, expect, it } from "vitest";
import * as n from "../../src/index";
import { close } from "../support/numeric";

/*
 * Linear algebra and norms at the points where a textbook formula breaks down: the zero
 * matrix, NaN and infinite entries. Values are checked against what they must be (the
 * README's "gradient of norm at 0 is 0"; NaN in, NaN out), never against the implementation.
 */
type V = n.Value;
const T = (x: unknown): unknown => (x as n.Tensor).toArray();

describe("norm of the zero matrix", () => {
  it.each([2, "nuc"] as const)("norm(0, %s): value 0, gradient 0 in both modes (the SVD's arbitrary U, V gave I)", (ord) => {
    const Z = n.zeros([3, 2]);
    expect(n.norm(Z, ord)).toBe(0);
    expect(T(n.grad((A: V) => n.norm(A, ord))(Z))).toEqual([[0, 0], [0, 0], [0, 0]]);
    const [value, tangent] = n.jvp((A: V) => n.norm(A, ord), [Z], [n.tensor([[1, 2], [3, 4], [5, 6]])]);
    expect([value, tangent]).toEqual([0, 0]);
  });

  it("near 0 the gradients are still the SVD's: u₁v₁ᵀ for ord 2, UVᵀ for nuc", () => {
    const A = n.tensor([[1e-3, 0], [0, -2e-3], [0, 0]]);
    close(T(n.grad((X: V) => n.norm(X, 2))(A)), [[0, 0], [0, -1], [0, 0]], 1e-12);
    close(T(n.grad((X: V) => n.norm(X, "nuc"))(A)), [[1, 0], [0, -1], [0, 0]], 1e-12);
  });
});

describe("eigh with NaN or infinite entries", () => {
  const nans = (k: number) => Array.from({ length: k }, () => NaN);
  it("[[1, NaN], [NaN, 1]] has NaN eigenvalues and vectors (the sweeps stopped at once and gave [1, 1] and I)", () => {
    const { values, vectors } = n.eigh([[1, NaN], [NaN, 1]]);
    expect(T(values)).toEqual(nans(2));
    expect(T(vectors)).toEqual([nans(2), nans(2)]);
  });

  it("a NaN on the diagonal, an infinite entry off it: NaN; an infinite diagonal entry is an eigenvalue", () => {
    expect(T(n.eigh([[NaN, 0], [0, 1]]).values)).toEqual(nans(2));
    expect(T(n.eigh([[1, Infinity], [Infinity, 1]]).values)).toEqual(nans(2));
    const { values, vectors } = n.eigh([[Infinity, 0], [0, 1]]);
    expect(T(values)).toEqual([1, Infinity]);
    expect(T(vectors)).toEqual([[0, 1], [1, 0]]);
  });

  it("the NaN reaches the gradient", () => {
    const g = n.grad((A: V) => n.sum(n.eigh(A).values))(n.tensor([[1, NaN], [NaN, 1]])) as n.Tensor;
    expect(Array.from(g.data).every(Number.isNaN)).toBe(true);
  });
});

describe("cholesky and qr with NaN entries: NaN in, NaN out, as eigh's", () => {
  const isNaNs = (x: unknown): boolean => Array.from((x as n.Tensor).data).every(Number.isNaN);
  it("cholesky with a NaN in the upper triangle only is NaN (the lower triangle alone was read: [[2, 0], [0.5, 1.66]])", () => {
    expect(isNaNs(n.cholesky([[4, NaN], [1, 3]]))).toBe(true);
    expect(isNaNs(n.cholesky([[4, 1, NaN], [1, 3, 1], [0, 1, 4]]))).toBe(true);
    expect(isNaNs(n.cholesky([[4, 1], [NaN, 3]]))).toBe(true);
    expect(isNaNs(n.grad((A: V) => n.sum(n.cholesky(A)))(n.tensor([[4, NaN], [1, 3]])))).toBe(true);
    // Without NaN it is as before.
    close(T(n.cholesky([[4, 2], [2, 3]])), [[2, 0], [1, Math.SQRT2]], 1e-15);
  });

  it("qr of a matrix with a NaN in its first column has NaN in R (R kept A's own entries, finite, beside a NaN Q)", () => {
    const { Q, R } = n.qr([[NaN, 1], [1, 2]]);
    expect(isNaNs(Q)).toBe(true);
    const r = T(R) as number[][];
    // R is upper triangular: its strictly lower part is 0, every other entry depends on the NaN column.
    expect([r[0][0], r[0][1], r[1][1]].every(Number.isNaN)).toBe(true);
    expect(r[1][0]).toBe(0);
    const { R: R3 } = n.qr([[4, 1, 0], [1, 3, 1], [NaN, 1, 4]]);
    const r3 = T(R3) as number[][];
    expect(r3.flatMap((row, i) => row.slice(i)).every(Number.isNaN)).toBe(true);
    expect(isNaNs(n.grad((A: V) => n.sum(n.qr(A).R))(n.tensor([[NaN, 1], [1, 2]])))).toBe(true);
    close(T(n.qr([[3, 0], [4, 5]]).R), [[5, 4], [0, 3]], 1e-14);
  });
});

describe("shape errors name the operation and both shapes", () => {
  it("mse of a column of predictions against a vector of targets is an error (it averaged all n² pairs: 1.33 for exact predictions)", () => {
    expect(() => n.mse([[1], [2], [3]], [1, 2, 3])).toThrow(/mse: pred has shape \(3×1\) and target \(3\)/);
    expect(() => n.mse([1, 2], [[1, 2], [3, 4]])).toThrow(n.ShapeError);
    // A target that broadcasts to pred's shape is fine: a number, a row per column.
    expect(n.mse([[1], [2], [3]], [[1], [2], [3]])).toBe(0);
    expect(n.mse([1, 2], 3)).toBe(2.5);
    expect(n.mse([[1, 2], [3, 4]], [1, 2])).toBe(2);
    expect(n.grad((p: V) => n.mse(p, [[1, 2], [3, 4]]))(n.tensor([[0, 0], [0, 0]])).toArray()).toEqual([[-0.5, -1], [-1.5, -2]]);
  });

  it("batched matmul with batch axes that do not broadcast names both operands", () => {
    expect(() => n.matmul(n.ones([2, 2, 3]), n.ones([3, 3, 2]))).toThrow("matmul: (2×2×3)·(3×3×2): batch axes: shapes (2) and (3) cannot be broadcast");
  });
});

describe("factorisations of matrices with very large or very small entries", () => {
  /** Relative closeness, entry by entry, of x to s·y (the factorisations are homogeneous). */
  const scaledClose = (x: unknown, y: unknown, s: number) => {
    const a = (x as n.Tensor).toArray() as number[] | number[][];
    const b = (y as n.Tensor).toArray() as number[] | number[][];
    close(a.flat().map((v) => v / s), b.flat(), 1e-14);
  };
  const A = n.tensor([[3, 1], [1, 2], [0, 1]]);
  const S = n.tensor([[2, 1], [1, 2]]);
  // 1e160: the squares of entries overflowed; 1e-170: they underflowed (1e-160: they lost digits).
  it.each([1e160, 1e200, 1e-160, 1e-170, 1e-300])("at scale %s: svd, eigh and qr are the scaled factorisations", (s) => {
    const svd = n.svd(n.mul(s, A));
    scaledClose(svd.s, n.svd(A).s, s);
    scaledClose(svd.U, n.svd(A).U, 1);
    scaledClose(svd.V, n.svd(A).V, 1);
    close(n.norm(n.mul(s, A), 2) as number / s, n.norm(A, 2) as number, 1e-14);
    close(n.norm(n.mul(s, A), "nuc") as number / s, n.norm(A, "nuc") as number, 1e-14);
    const eig = n.eigh(n.mul(s, S));
    scaledClose(eig.values, n.tensor([1, 3]), s);
    scaledClose(eig.vectors, n.eigh(S).vectors, 1);
    const qr = n.qr(n.mul(s, A));
    scaledClose(qr.R, n.qr(A).R, s);
    scaledClose(qr.Q, n.qr(A).Q, 1);
  });

  it("eigh of 1e160·[[2, 1], [1, 2]] is 1e160·[1, 3], not its diagonal [2e160, 2e160]; ordinary matrices give the same bits", () => {
    expect(T(n.eigh(n.mul(1e160, S)).values)).not.toEqual([2e160, 2e160]);
    // Division by a power of two is exact: 1024·S has exactly 1024 times the eigenvalues of S.
    expect(T(n.eigh(n.mul(1024, S)).values)).toEqual((T(n.eigh(S).values) as number[]).map((v) => v * 1024));
  });
});

describe("the gradient of det where det itself overflows or underflows", () => {
  // ∂ det/∂X is the cofactor matrix, of scale s^(n−1): finite where det (scale sⁿ) is not.
  // det·X⁻ᵀ gave ∞ and NaN where det overflowed and 0 where it underflowed.
  const M = n.tensor([[2, 1, 0], [1, 3, 1], [0, 1, 4]]);
  const cofactorM = [[11, -4, 1], [-4, 8, -2], [1, -2, 5]]; // det(M) = 18, cofactor = 18·M⁻ᵀ
  it.each([1e130, 1e-130])("at %s·M (3×3): the cofactor matrix s²·cof(M), in both modes", (s) => {
    const X = n.mul(s, M);
    expect([Infinity, 0]).toContain(n.det(X)); // det = 18·s³ is out of range
    const expected = cofactorM.flat();
    close((T(n.grad((A: V) => n.det(A))(X)) as number[][]).flat().map((v) => v / (s * s)), expected, 1e-13);
    close((T(n.jacfwd((A: V) => n.det(A))(X)) as number[][]).flat().map((v) => v / (s * s)), expected, 1e-13);
  });
  it.each([1e200, 1e-200])("at %s·[[1, 2], [3, 4]]: s·[[4, −3], [−2, 1]]; its Hessian is still ∂²(ad − bc)", (s) => {
    const X = n.mul(s, n.tensor([[1, 2], [3, 4]]));
    close((T(n.grad((A: V) => n.det(A))(X)) as number[][]).flat().map((v) => v / s), [4, -3, -2, 1], 1e-14);
    const H = (T(n.hessian((A: V) => n.det(A))(X)) as number[][][][]).flat(3);
    close(H, [0, 0, 0, 1, 0, 0, -1, 0, 0, -1, 0, 0, 1, 0, 0, 0], 1e-14);
  });
});

describe("logsumexp and softmax of no entries", () => {
  it("logsumexp of an empty vector is −∞ (the sum of no exponentials is 0), not an error naming max; its gradient is empty", () => {
    expect(n.logsumexp([])).toBe(-Infinity);
    expect(n.logsumexp(n.zeros([0]))).toBe(-Infinity);
    expect(T(n.logsumexp(n.zeros([3, 0]), 1))).toEqual([-Infinity, -Infinity, -Infinity]);
    expect((n.grad((x: V) => n.logsumexp(x))(n.zeros([0])) as n.Tensor).shape).toEqual([0]);
    expect((n.softmax(n.zeros([2, 0])) as n.Tensor).shape).toEqual([2, 0]);
  });
});

describe("logSoftmax of large logits keeps its last digits", () => {
  it("logSoftmax([1000, 1000]) is −ln 2 to the bit (x − logsumexp(x) gave −0.6931471805598903, 8e-14 off)", () => {
    expect(T(n.logSoftmax([1000, 1000]))).toEqual([-Math.LN2, -Math.LN2]);
    expect(T(n.logSoftmax([[1e6 + 1, 1e6]], 1))).toEqual([[-Math.log1p(Math.exp(-1)), -1 - Math.log1p(Math.exp(-1))]]);
    // Its gradient is unchanged: I − softmax, exactly ½ here.
    expect(T(n.jacrev((x: V) => n.logSoftmax(x))(n.tensor([1000, 1000])))).toEqual([[0.5, -0.5], [-0.5, 0.5]]);
  });
});

describe("norms of subnormal vectors", () => {
  // ‖x‖ of [1e-320, 1e-320] is representable (1.414e-320), and so is x/‖x‖ = [1/√2, 1/√2];
  // g/‖x‖ is not (1/1.4e-320 overflows), so (g/‖x‖)·x gave Infinity, and (x·dx)/‖x‖ gave 0.
  it.each([[1e-320, 1e-320], [3e-320, -4e-320]])("the gradient of norm at [%s, %s] is x/‖x‖ in both modes", (a, b) => {
    const r = Math.hypot(a / 1e-320, b / 1e-320);
    const expected = [a / 1e-320 / r, b / 1e-320 / r];
    close(n.grad((x: V) => n.norm(x))([a, b]), expected, 1e-3); // subnormals carry few digits
    close(n.jacfwd((x: V) => n.norm(x))([a, b]), expected, 1e-3);
    close(T(n.grad((X: V) => n.norm(X))(n.tensor([[a, 0], [0, b]]))), [[expected[0], 0], [0, expected[1]]], 1e-3);
  });
});

describe("the symmetry check of eigh and cholesky at small scales", () => {
  it("1e-12·[[2, 1], [0, 2]] is not symmetric (it passed, and eigh gave 2e-12 ± 2.3e-20)", () => {
    expect(() => n.eigh(n.mul(1e-12, n.tensor([[2, 1], [0, 2]])))).toThrow("eigh: the matrix is not symmetric (entries (1, 0) and (0, 1) differ)");
    expect(() => n.cholesky(n.mul(1e-12, n.tensor([[4, 1], [0, 4]])))).toThrow("cholesky: the matrix is not symmetric");
    close((T(n.eigh(n.mul(1e-12, n.tensor([[2, 1], [1, 2]]))).values) as number[]).map((v) => v / 1e-12), [1, 3], 1e-14);
    // Rounding in a product that is symmetric in exact arithmetic still passes.
    const X = n.mul(1e-12, n.tensor([[0.1, 0.7, 0.3], [0.2, 0.9, 0.4]]));
    const G = n.matmul(n.transpose(X), n.add(X, 0));
    expect(() => n.eigh(G)).not.toThrow();
  });
});

describe("jacfwd's memo of plain results", () => {
  // JSON writes ±Infinity and NaN as null and −0 as 0, so parameters differing only there
  // shared one remembered result within a jacfwd call.
  it("tells parameters apart that differ only in ±Infinity, NaN or −0", async () => {
    const { applyPrimitive, rememberingPrimals } = await import("../../src/core/primitive");
    const { Tensor } = await import("../../src/tensor/tensor");
    const clipAbove: import("../../src/core/primitive").Primitive<{ at: number }> = {
      name: "clipAbove",
      evaluate: ([x], { at }) => Tensor.wrap({ shape: [2], data: (x as InstanceType<typeof Tensor>).data.map((v) => Math.min(v, at)) }),
      jvp: () => 0,
      vjp: () => [null],
    };
    const x = n.tensor([1, -5]);
    const results = rememberingPrimals(() =>
      [Infinity, -Infinity, NaN, 0, -0].map((at) => Array.from((applyPrimitive(clipAbove, [x], { at }) as InstanceType<typeof Tensor>).data)),
    );
    expect(results).toEqual([[1, -5], [-Infinity, -Infinity], [NaN, NaN], [0, -5], [-0, -5]]);
  });
});
