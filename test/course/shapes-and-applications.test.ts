import { describe, expect, it } from "vitest";
import * as n from "../../src/index";
import { close, numericJacobian } from "../support/numeric";

/*
 * COURSE.md items that the other course suites do not reach: the six function/variable
 * cases with their shape rule in both layouts, vec and Kronecker through the runtime's own
 * functions (solving AXB = C), and the K-means, PCA and one-layer results. Expected values
 * are closed forms or central differences.
 */
type V = n.Value;
const T = (x: unknown): unknown => (x instanceof n.Tensor ? x.toArray() : x);
const flat = (x: unknown): number[] => (x instanceof n.Tensor ? Array.from(x.data) : typeof x === "number" ? [x] : (x as unknown[]).flat(9) as number[]);
const shapeOfResult = (x: unknown): number[] => (x instanceof n.Tensor ? [...x.shape] : typeof x === "number" ? [] : [(x as unknown[]).length, ...shapeOfResult((x as unknown[])[0])]);

describe("COURSE: the six cases and the shape rule S_out ++ S_in", () => {
  // A function of each output kind (scalar, vector of 3, 2×2 matrix) of each variable kind.
  const inputs: [string, () => number | n.Tensor, number[]][] = [
    ["scalar", () => 0.7, []],
    ["vector", () => n.tensor([0.7, -0.3]), [2]],
    ["matrix", () => n.tensor([[0.7, -0.3], [0.2, 1.1]]), [2, 2]],
  ];
  const outputs: [string, (s: V) => V, number[]][] = [
    ["scalar", (s) => n.sin(s), []],
    ["vector", (s) => n.stack([n.sin(s), n.mul(s, s), n.exp(s)]), [3]],
    ["matrix", (s) => n.reshape(n.stack([s, n.mul(s, s), n.cos(s), n.mul(3, s)]), [2, 2]), [2, 2]],
  ];
  /** The output from the input's entries: each output entry a function of Σ xᵢ·(i + 1). */
  const make = (out: (s: V) => V) => (x: V) => out(typeof n.primal(x) === "number" ? x : n.sum(n.mul(x, n.reshape(n.arange(1, 1 + (n.primal(x) as n.Tensor).data.length), n.shape(x) as number[]))));
  for (const [outName, out, sOut] of outputs) {
    for (const [inName, input, sIn] of inputs) {
      it(`${outName} function of a ${inName}: ${outName === "scalar" && inName === "scalar" ? "a number" : `shape (${[...sOut, ...sIn].join("×")}), denominator (${[...sIn, ...sOut].join("×")})`}`, () => {
        const f = make(out);
        const x = input();
        const xs = flat(x);
        const fd = numericJacobian((v) => flat(n.primal(f(sIn.length === 0 ? v[0] : n.reshape(n.tensor(v), sIn)))), xs);
        for (const jac of [n.jacobian, n.jacfwd, n.jacrev]) {
          const J = jac(f as never)(x);
          expect(shapeOfResult(J)).toEqual([...sOut, ...sIn]);
          close(flat(J), fd.flat(), 1e-8);
          const D = jac(f as never, { layout: "denominator" })(x);
          expect(shapeOfResult(D)).toEqual([...sIn, ...sOut]);
          // Denominator layout is the transpose of the flattened numerator Jacobian.
          const m = fd.length;
          close(flat(D), fd[0].flatMap((_, i) => fd.map((row) => row[i])), 1e-8);
          expect(m).toBe(Math.max(1, sOut.reduce((a, b) => a * b, 1)));
        }
      });
    }
  }
});

describe("COURSE: vec and Kronecker, with the runtime's functions", () => {
  const A = [[1, 2], [3, 4]];
  const B = [[1, 2, 0], [3, -1, 1]];
  const C = [[1, 0], [2, 1], [0, 3]];

  it("vec([[1, 3], [2, 4]]) = [1, 2, 3, 4] and unvec undoes it", () => {
    expect(T(n.vec([[1, 3], [2, 4]]))).toEqual([1, 2, 3, 4]);
    expect(T(n.unvec([1, 2, 3, 4], 2, 2))).toEqual([[1, 3], [2, 4]]);
  });

  it("[[1, 2], [3, 4]] ⊗ [[5, 6], [7, 8]]", () => {
    expect(T(n.kron(A, [[5, 6], [7, 8]]))).toEqual([[5, 6, 10, 12], [7, 8, 14, 16], [15, 18, 20, 24], [21, 24, 28, 32]]);
  });

  it("vec(ABC) = (Cᵀ ⊗ A) vec(B), and AXB = C solved through it", () => {
    expect(T(n.vec(n.matmul(n.matmul(A, B), C)))).toEqual(T(n.matmul(n.kron(n.transpose(C), A), n.vec(B))));
    // A X M = R for X (2×3), with M 3×3 invertible: vec X = (Mᵀ ⊗ A)⁻¹ vec R.
    const M = [[2, 0, 1], [1, 3, 0], [0, 1, 1]];
    const R = n.matmul(n.matmul(A, B), M);
    const X = n.unvec(n.solve(n.kron(n.transpose(M), A), n.vec(R)), 2, 3);
    close(T(X), B, 1e-12);
  });

  it("vec, unvec and kron are differentiable: ∂ vec(X)/∂X is the permutation, ∂(A ⊗ B)/∂A by blocks", () => {
    const J = n.jacobian((X: V) => n.vec(X))(n.tensor(B)) as n.Tensor;
    expect(J.shape).toEqual([6, 2, 3]);
    for (let k = 0; k < 6; k++) for (let i = 0; i < 2; i++) for (let j = 0; j < 3; j++) expect(J.get(k, i, j)).toBe(k === j * 2 + i ? 1 : 0);
    const W = n.tensor([[0.5, -1], [2, 1]]);
    const G = n.grad((a: V) => n.sum(n.mul(n.kron(a, W), n.reshape(n.arange(16), [4, 4]))))(n.tensor(A)) as n.Tensor;
    // ∂/∂a_pq = Σ_rs W_rs M_(2p+r, 2q+s) with M_ij = 4i + j.
    const expected = [0, 1].map((p) => [0, 1].map((q) => [0, 1].reduce((s, r) => s + [0, 1].reduce((t, c) => t + (W.get(r, c) as number) * (4 * (2 * p + r) + 2 * q + c), 0), 0)));
    expect(G.toArray()).toEqual(expected);
  });
});

describe("COURSE: K-means, PCA and one layer", () => {
  it("K-means: the gradient of Σₙ Σₖ r_nk ‖xₙ − μₖ‖² vanishes at μₖ = Σₙ r_nk xₙ / Σₙ r_nk", () => {
    const xs = n.tensor([[0, 0], [1, 0], [5, 5], [6, 7], [2, 1]]);
    const r = n.tensor([[1, 0], [1, 0], [0, 1], [0, 1], [1, 0]]);
    const L = (mu: V) => n.sum(n.mul(r, n.sum(n.pow(n.sub(n.reshape(xs, [5, 1, 2]), n.reshape(mu, [1, 2, 2])), 2), 2)));
    const centroids = n.div(n.matmul(n.transpose(r), xs), n.reshape(n.sum(r, 0), [2, 1]));
    close(T(centroids), [[1, 1 / 3], [5.5, 6]], 1e-15);
    close(T(n.grad(L)(centroids)), [[0, 0], [0, 0]], 1e-14);
    // Elsewhere the gradient is 2 Σₙ r_nk (μₖ − xₙ).
    const mu = n.tensor([[0, 0], [0, 0]]);
    close(T(n.grad(L)(mu)), T(n.mul(2, n.sub(n.mul(n.reshape(n.sum(r, 0), [2, 1]), mu), n.matmul(n.transpose(r), xs)))), 1e-15);
  });

  it("PCA: at an eigenpair of S the Lagrangian wᵀSw − λ(wᵀw − 1) is stationary in w and λ", () => {
    const S = n.tensor([[2, 1, 0], [1, 3, 1], [0, 1, 4]]);
    const { values, vectors } = n.eigh(S);
    const w = n.index(vectors, [null, 2]);
    const lambda = n.index(values, [2]);
    const [gw, gl] = n.grad((v: V, l: V) => n.sub(n.dot(v, n.matmul(S, v)), n.mul(l, n.sub(n.dot(v, v), 1))), { argnums: [0, 1] })(w, lambda) as [n.Tensor, number];
    close(T(gw), [0, 0, 0], 1e-13);
    close(gl, 0, 1e-13);
    // and the largest eigenvalue maximises wᵀSw on the sphere: no direction in it does better.
    close(n.dot(w, n.matmul(S, w)) as number, n.primal(lambda) as number, 1e-13);
  });

  it("one layer z = Wx + b, a = σ(z), L = Σ a: ∂L/∂W = δxᵀ, ∂L/∂b = δ with δ = σ′(z)", () => {
    const W = n.tensor([[0.1, 0.2, -0.3], [0.4, -0.5, 0.6]]);
    const b = n.tensor([0.1, -0.1]);
    const x = n.tensor([1, 2, 3]);
    const { W: gW, b: gb } = n.grad((p: { W: V; b: V }) => n.sum(n.sigmoid(n.add(n.matmul(p.W, x), p.b))))({ W, b }) as { W: n.Tensor; b: n.Tensor };
    const z = (n.add(n.matmul(W, x), b) as n.Tensor).toArray() as number[];
    const delta = z.map((v) => Math.exp(-v) / (1 + Math.exp(-v)) ** 2);
    close(gW.toArray(), delta.map((d) => [1, 2, 3].map((xi) => d * xi)), 1e-15);
    close(gb.toArray(), delta, 1e-15);
  });
});
