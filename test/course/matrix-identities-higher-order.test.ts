import { describe, expect, it } from "vitest";
import * as n from "../../src/index";
import { close, numericGrad } from "../support/numeric";

/*
 * The matrix-calculus course, third round: the Matrix Cookbook identities not in
 * matrices.test.ts, each in both modes against its closed form; Jacobians of matrix
 * functions through vec and Kronecker products in both layouts; second derivatives through
 * linear algebra (Hessian of log det, Hessian-vector products through solve and inv,
 * forward over reverse against reverse over reverse); and functions that read entries
 * X[i][j] next to tensor functions, with arrays and Tensors giving the same numbers.
 */

type V = n.Value;
/** Nested arrays of a result, whether it came back as a Tensor or as arrays. */
const T = (x: unknown): number[][] => (x instanceof n.Tensor ? x.toArray() : x) as number[][];
const entries = (x: unknown): number[] => (typeof x === "number" ? [x] : x instanceof n.Tensor ? [...x.data] : (x as unknown[]).flat(Infinity) as number[]);
const inv = (M: number[][]) => T(n.inv(M));

const A = [[2, 1, 0], [-1, 3, 1], [0.5, 1, 4]];
const B = [[1, 2, 0], [0, 1, 3], [1, 0, 1]];
const X = [[3, 1, 0.5], [0.2, 2, 0.1], [0.3, 0.4, 5]];
const X2 = [[3, 1], [0.5, 2]];

/** Both modes' gradients of f at M, each as nested arrays. */
const bothModes = (f: (M: V) => V, M: number[][]) => [T(n.grad(f)(M)), T(n.jacfwd(f)(M))];

describe("COURSE: more identities of the Matrix Cookbook, in both modes", () => {
  it("∂ tr(XᵀAX)/∂X = (A + Aᵀ)X", () => {
    const expected = T(n.matmul(n.add(A, n.transpose(A)), X));
    for (const g of bothModes((M) => n.trace(n.matmul(n.matmul(n.transpose(M), A), M)), X)) close(g, expected, 1e-14);
  });

  it("∂ tr(X⁻¹A)/∂X = −X⁻ᵀAᵀX⁻ᵀ", () => {
    const Xit = T(n.transpose(n.inv(X)));
    const expected = T(n.neg(n.matmul(n.matmul(Xit, n.transpose(A)), Xit)));
    for (const g of bothModes((M) => n.trace(n.matmul(n.inv(M), A)), X)) close(g, expected, 1e-13);
  });

  it("∂‖AX − B‖²_F/∂X = 2Aᵀ(AX − B), written with norm and with a sum of squares", () => {
    const A32 = [[1, 2], [3, 4], [5, 6]];
    const B32 = [[1, 0], [0, 1], [1, 1]];
    const expected = T(n.mul(2, n.matmul(n.transpose(A32), n.sub(n.matmul(A32, X2), B32))));
    const r = (M: V) => n.sub(n.matmul(A32, M), B32);
    for (const g of bothModes((M) => n.pow(n.norm(r(M)), 2), X2)) close(g, expected, 1e-13);
    for (const g of bothModes((M) => n.sum(n.mul(r(M), r(M))), X2)) close(g, expected, 1e-13);
  });

  it("xᵀA⁻¹x by solve: ∂/∂x = (A⁻¹ + A⁻ᵀ)x and ∂/∂A = −A⁻ᵀxxᵀA⁻ᵀ, for arrays and Tensors alike", () => {
    const x = [1, -2, 0.5];
    const q = (M: V, v: V) => n.dot(v, n.solve(M, v));
    const Ai = inv(A);
    const y = T(n.matmul(Ai, x)) as unknown as number[];
    const z = T(n.matmul(n.transpose(Ai), x)) as unknown as number[];
    const gx = y.map((yi, i) => yi + z[i]);
    const gA = z.map((zi) => y.map((yj) => -zi * yj));
    const fromArrays = n.grad(q, { argnums: [0, 1] })(A, x) as [number[][], number[]];
    const fromTensors = n.grad(q, { argnums: [0, 1] })(n.tensor(A), n.tensor(x)) as [n.Tensor, n.Tensor];
    // Containers mirror the inputs: arrays for arrays, Tensors for Tensors, the same numbers.
    expect(Array.isArray(fromArrays[0]) && Array.isArray(fromArrays[1])).toBe(true);
    expect(fromTensors[0]).toBeInstanceOf(n.Tensor);
    expect(fromTensors[1].shape).toEqual([3]);
    close(fromArrays[0], gA, 1e-14);
    close(fromArrays[1], gx, 1e-14);
    close(T(fromTensors[0]), fromArrays[0], 0);
    close(T(fromTensors[1]), fromArrays[1], 0);
    // Forward mode, one argument at a time.
    close(T(n.jacfwd((M: V) => q(M, x))(A)), gA, 1e-14);
    close(n.jacfwd((v: V) => q(A, v))(x) as number[], gx, 1e-14);
  });
});

describe("COURSE: the Jacobian of the inverse, through vec", () => {
  const Xi = inv(X2);

  it("∂ vec(X⁻¹)/∂ vec(X) = −(X⁻ᵀ ⊗ X⁻¹) in numerator layout, its transpose in denominator layout", () => {
    const f = (v: V) => n.vec(n.inv(n.unvec(v, 2, 2)));
    const expected = T(n.neg(n.kron(n.transpose(Xi), Xi)));
    const v = entries(n.vec(X2));
    for (const jac of [n.jacobian, n.jacfwd, n.jacrev]) {
      close(T(jac(f)(v)), expected, 1e-15);
      close(T(jac(f, { layout: "denominator" })(v)), T(n.transpose(expected)), 1e-15);
    }
  });

  it("as a 4-d tensor: ∂(X⁻¹)_ij/∂X_kl = −(X⁻¹)_ik (X⁻¹)_lj, the same for arrays and Tensors in both modes", () => {
    const results = [n.jacfwd((M: V) => n.inv(M))(X2), n.jacrev((M: V) => n.inv(M))(X2), n.jacfwd((M: V) => n.inv(M))(n.tensor(X2)), n.jacrev((M: V) => n.inv(M))(n.tensor(X2))];
    for (const J of results) {
      expect((J as n.Tensor).shape).toEqual([2, 2, 2, 2]);
      for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) for (let k = 0; k < 2; k++) for (let l = 0; l < 2; l++) {
        close((J as n.Tensor).get(i, j, k, l), -Xi[i][k] * Xi[l][j], 1e-15);
      }
    }
  });
});

describe("COURSE: second derivatives through linear algebra", () => {
  it("the Hessian of log det X: ∂²/∂X_ij∂X_kl = −(X⁻¹)_jk (X⁻¹)_li, as a 4-d tensor and, through vec, as a matrix", () => {
    const Xi = inv(X2);
    const expected = (i: number, j: number, k: number, l: number) => -Xi[j][k] * Xi[l][i];
    for (const H of [n.hessian((M: V) => n.logdet(M))(X2), n.hessian((M: V) => n.logdet(M))(n.tensor(X2)), n.jacfwd(n.grad((M: V) => n.logdet(M)))(X2)]) {
      const h = T(H) as unknown as number[][][][];
      for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) for (let k = 0; k < 2; k++) for (let l = 0; l < 2; l++) close(h[i][j][k][l], expected(i, j, k, l), 1e-15);
    }
    // f(v) = log det unvec(v): v_(i + 2j) = X_ij, so H_(i+2j),(k+2l) is the entry above.
    const Hv = n.hessian((v: V) => n.logdet(n.unvec(v, 2, 2)))(entries(n.vec(X2))) as number[][];
    for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) for (let k = 0; k < 2; k++) for (let l = 0; l < 2; l++) close(Hv[i + 2 * j][k + 2 * l], expected(i, j, k, l), 1e-15);
  });

  it("hvp through solve: f(b) = ‖A⁻¹b‖² has H v = 2A⁻ᵀA⁻¹v", () => {
    const f = (b: V) => { const y = n.solve(A, b); return n.dot(y, y); };
    const v = [1, 0, -1];
    const expected = entries(n.mul(2, n.solve(n.transpose(A), n.solve(A, v))));
    close(n.hvp(f)([1, 2, 3], v) as number[], expected, 1e-14);
    close(n.hvp(f)(n.tensor([1, 2, 3]), n.tensor(v)).toArray(), expected, 1e-14);
  });

  it("hvp through inv: f(X) = Σ X⁻¹ against the Hessian contracted with V and central differences of the gradient", () => {
    const f = (M: V) => n.sum(n.inv(M));
    const V2 = [[1, -1], [0.5, 2]];
    const Hv = T(n.hvp(f)(X2, V2));
    const H = T(n.hessian(f)(X2)) as unknown as number[][][][];
    const contracted = [0, 1].map((i) => [0, 1].map((j) => [0, 1].reduce((s, k) => s + [0, 1].reduce((t, l) => t + H[i][j][k][l] * V2[k][l], 0), 0)));
    close(Hv, contracted, 1e-14);
    const h = 1e-6;
    const g = (t: number) => entries(n.grad(f)(X2.map((r, i) => r.map((x, j) => x + t * V2[i][j]))));
    const fd = g(h).map((gp, i) => (gp - g(-h)[i]) / (2 * h));
    close(Hv.flat(), fd, 1e-7);
  });

  it("log det X + tr(AX⁻¹B): forward over reverse = reverse over reverse = forward over forward = central differences of the gradient", () => {
    const f = (M: V) => n.add(n.logdet(M), n.trace(n.matmul(n.matmul(A, n.inv(M)), B)));
    const fwdRev = entries(n.jacfwd(n.grad(f))(X));
    const revRev = entries(n.jacrev(n.grad(f))(X));
    const fwdFwd = entries(n.jacfwd(n.jacfwd(f))(X));
    close(revRev, fwdRev, 1e-12);
    close(fwdFwd, fwdRev, 1e-12);
    const grad = (v: number[]) => entries(n.grad(f)([v.slice(0, 3), v.slice(3, 6), v.slice(6)]));
    const fd = X.flat().flatMap((_, k) => {
      const at = (d: number) => { const v = X.flat(); v[k] += d; return grad(v); };
      const [p, m] = [at(1e-6), at(-1e-6)];
      return p.map((pi, i) => (pi - m[i]) / 2e-6);
    });
    // fd is ordered (k, i): the Hessian is symmetric, so it reads the same as (i, k).
    close(fd, fwdRev, 1e-6);
  });
});

describe("COURSE: entries X[i][j] next to tensor functions", () => {
  // f = X₀₁ det X + tr(X²) X₁₀: ∇f = X₀₁ cof(X) + det X e₀₁ + 2 X₁₀ Xᵀ + tr(X²) e₁₀.
  const M = [[1, 2], [3, 4]];
  const fromEntries = (Y: V[][]) => n.add(n.mul(Y[0][1], n.det(Y)), n.mul(n.trace(n.matmul(Y, Y)), Y[1][0]));
  const fromTensor = (Y: V) => n.add(n.mul(n.index(Y, [0, 1]), n.det(Y)), n.mul(n.trace(n.matmul(Y, Y)), n.index(Y, [1, 0])));
  const expected = [[2 * 4 + 3 * 2 * 1, 2 * -3 - 2 + 3 * 2 * 3], [2 * -2 + 3 * 2 * 2 + 29, 2 * 1 + 3 * 2 * 4]];

  it("the gradient is the closed form in both modes, for arrays (X[i][j]) and Tensors (index)", () => {
    expect(expected).toEqual([[14, 10], [37, 26]]);
    expect(n.grad(fromEntries)(M)).toEqual(expected);
    expect(n.jacfwd(fromEntries)(M)).toEqual(expected);
    expect(n.grad(fromTensor)(M)).toEqual(expected);
    const g = n.grad(fromTensor)(n.tensor(M));
    expect(g).toBeInstanceOf(n.Tensor);
    expect(g.toArray()).toEqual(expected);
  });

  it("its Hessian is symmetric and the same in every mode and container, and matches central differences", () => {
    const H = entries(n.hessian(fromEntries)(M));
    for (const other of [n.hessian(fromTensor)(n.tensor(M)), n.jacfwd(n.grad(fromEntries))(M), n.jacrev(n.grad(fromTensor))(n.tensor(M))]) close(entries(other), H, 1e-14);
    for (let p = 0; p < 4; p++) for (let q = 0; q < 4; q++) close(H[p * 4 + q], H[q * 4 + p], 1e-14);
    const fd = M.flat().flatMap((_, k) => {
      const g = (d: number) => { const v = M.flat(); v[k] += d; return entries(n.grad(fromEntries)([v.slice(0, 2), v.slice(2)])); };
      return g(1e-6).map((gp, i) => (gp - g(-1e-6)[i]) / 2e-6);
    });
    close(fd, H, 1e-6);
    close(numericGrad((v) => fromEntries([v.slice(0, 2), v.slice(2)]) as number, M.flat()), expected.flat(), 1e-8);
  });
});

describe("COURSE: Jacobians of the ML functions", () => {
  const x = [1, 2, 3];
  const p = entries(n.softmax(x));
  const diagMinusOuter = p.map((pi, i) => p.map((pj, j) => (i === j ? pi : 0) - pi * pj));

  it("softmax: J = diag(p) − ppᵀ, which is also the Hessian of logsumexp", () => {
    for (const J of [n.jacfwd((v: V) => n.softmax(v))(x), n.jacrev((v: V) => n.softmax(v))(x), n.hessian((v: V) => n.logsumexp(v))(x)]) close(T(J), diagMinusOuter, 1e-15);
  });

  it("logSoftmax: J = I − 1pᵀ; along axis 0 of a matrix, one block per column", () => {
    const expected = p.map((_, i) => p.map((pj, j) => (i === j ? 1 : 0) - pj));
    for (const J of [n.jacfwd((v: V) => n.logSoftmax(v))(x), n.jacrev((v: V) => n.logSoftmax(v))(x)]) close(T(J), expected, 1e-15);
    const Z = [[1, 5], [2, 6], [3, 7]];
    const J4 = n.jacrev((v: V) => n.logSoftmax(v, 0))(Z) as n.Tensor;
    const q = entries(n.softmax([5, 6, 7]));
    for (let i = 0; i < 3; i++) for (let c = 0; c < 2; c++) for (let k = 0; k < 3; k++) for (let d = 0; d < 2; d++) {
      const pk = c === 0 ? p[k] : q[k];
      close(J4.get(i, c, k, d), c !== d ? 0 : (i === k ? 1 : 0) - pk, 1e-15);
    }
  });
});
