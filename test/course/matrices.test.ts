import { describe, expect, it } from "vitest";
import * as n from "../../src/index";
import { close, numericGrad } from "../support/numeric";

type V = n.Value;
const T = (x: V): unknown => (x as n.Tensor).toArray();
const X = [[2, 0.5, 0.1], [0.3, 1.7, -0.4], [0.2, -0.6, 3.1]];
const invT = (M: number[][]) => T(n.transpose(n.inv(M))) as number[][];

describe("COURSE: gradients of and by matrices", () => {
  it("df/dA for f = Ax is an M × (M × N) tensor with ∂fᵢ/∂A_pq = x_q δ_ip", () => {
    const x = [1, 2, 3];
    const J = n.jacobian((A: V[][]) => n.matmul(A, x))([[1, 0, 0], [0, 1, 0]]) as n.Tensor;
    expect(J.shape).toEqual([2, 2, 3]);
    for (let i = 0; i < 2; i++) for (let p = 0; p < 2; p++) for (let q = 0; q < 3; q++) expect(J.get(i, p, q)).toBe(i === p ? x[q] : 0);
  });

  it("a 4 × 2 matrix function of x ∈ ℝ³ has a 4 × 2 × 3 gradient, the reshaped 8 × 3 Jacobian", () => {
    const F = (x: V[]) => [0, 1, 2, 3].map((i) => [n.mul(x[0], i), n.mul(x[1], n.mul(x[2], i + 1))]);
    const J = n.jacobian(F as never)([1, 2, 3]) as number[][][];
    expect([J.length, J[0].length, J[0][0].length]).toEqual([4, 2, 3]);
    const flat = n.jacobian((x: V[]) => F(x).flat())([1, 2, 3]) as number[][];
    expect(flat).toEqual(J.flat());
  });

  it("K = RᵀR: dK/dR is (N × N) × (M × N) and matches the piecewise formula", () => {
    const R = [[1, 2, 3], [4, 5, 6]];
    const J = n.jacobian((r: V[][]) => n.matmul(n.transpose(r), r))(R) as n.Tensor;
    expect(J.shape).toEqual([3, 3, 2, 3]);
    for (let p = 0; p < 3; p++) for (let q = 0; q < 3; q++) for (let i = 0; i < 2; i++) for (let j = 0; j < 3; j++) {
      const expected = j === p && p === q ? 2 * R[i][q] : j === p ? R[i][q] : j === q ? R[i][p] : 0;
      expect(J.get(p, q, i, j)).toBe(expected);
    }
  });

  it("the identity table", () => {
    const a = [1, -2, 0.5];
    const b = [0.3, 0.7, -1];
    close(n.grad((x: V) => n.dot(a, x))(n.tensor([1, 1, 1])).toArray(), a, 0);
    close(T(n.grad((M: V) => n.dot(a, n.matmul(M, b)))(n.tensor(X))), T(n.outer(a, b)), 1e-15);
    const B = [[1, 2, 0], [0, 1, 3], [4, 0, 1]];
    const x = [0.5, -1, 2];
    close(n.grad((v: V) => n.dot(v, n.matmul(B, v)))(n.tensor(x)).toArray(), T(n.matmul(n.add(B, n.transpose(B)), x)), 1e-14);
    close(T(n.grad((M: V) => n.trace(M))(n.tensor(X))), T(n.eye(3)), 0);
    close(T(n.grad((M: V) => n.sum(n.mul(M, M)))(n.tensor(X))), X.map((r) => r.map((v) => 2 * v)), 1e-15);
    expect(T(n.grad((M: V) => n.trace(n.matmul([[1, 2], [3, 4]], M)))(n.tensor([[1, 0], [0, 1]])))).toEqual([[1, 3], [2, 4]]);
    const A = [[1, 2, 0], [0, -1, 1], [2, 1, 1]];
    const C = [[0.5, 1, 0], [1, 0, 2], [0, 1, 1]];
    close(T(n.grad((M: V) => n.trace(n.matmul(n.matmul(A, M), C)))(n.tensor(X))), T(n.matmul(n.transpose(A), n.transpose(C))), 1e-14);
    const detX = n.det(X) as number;
    close(T(n.grad((M: V) => n.det(M))(n.tensor(X))), invT(X).map((r) => r.map((v) => v * detX)), 1e-12);
    close(T(n.grad((M: V) => n.logdet(M))(n.tensor(X))), invT(X), 1e-12);
    const minus = T(n.neg(n.matmul(n.matmul(n.transpose(n.inv(X)), n.outer(a, b)), n.transpose(n.inv(X)))));
    close(T(n.grad((M: V) => n.dot(a, n.matmul(n.inv(M), b)))(n.tensor(X))), minus, 1e-12);
    const A2 = [[2, 1], [3, 4]];
    const [x1, x2] = [0.7, -0.2];
    close(n.grad((v: V) => n.dot(v, n.matmul(A2, v)))(n.tensor([x1, x2])).toArray(), [4 * x1 + 4 * x2, 4 * x1 + 8 * x2], 1e-15);
  });

  it("(x − As)ᵀW(x − As) has gradient −2(x − As)ᵀWA in s (W symmetric)", () => {
    const A = [[1, 2], [0, 1], [3, -1]];
    const W = [[2, 0.5, 0], [0.5, 1, 0.2], [0, 0.2, 3]];
    const x = [1, 2, 3];
    const s = [0.4, -0.3];
    const g = n.grad((v: V) => { const r = n.sub(x, n.matmul(A, v)); return n.dot(r, n.matmul(W, r)); })(n.tensor(s));
    const r = n.sub(x, n.matmul(A, s));
    close(g.toArray(), T(n.mul(-2, n.matmul(n.matmul(r, W), A))), 1e-14);
  });

  it("differentials: d(A⁻¹) = −A⁻¹ dA A⁻¹ and d det A = det A · tr(A⁻¹ dA), as JVPs", () => {
    const dA = [[0.1, -0.2, 0], [0.3, 0, 0.1], [0, 0.2, -0.1]];
    const [, dInv] = n.jvp((M: V) => n.inv(M), [n.tensor(X)], [n.tensor(dA)]) as [unknown, n.Tensor];
    close(dInv.toArray(), T(n.neg(n.matmul(n.matmul(n.inv(X), dA), n.inv(X)))), 1e-13);
    const [, dDet] = n.jvp((M: V) => n.det(M), [n.tensor(X)], [n.tensor(dA)]) as [unknown, number];
    close(dDet, (n.det(X) as number) * (n.trace(n.matmul(n.inv(X), dA)) as number), 1e-12);
  });

  it("solve is differentiable in both arguments (vs central differences)", () => {
    const b = [1, 2, 3];
    const report = n.checkGrad((M: V[][]) => n.sum(n.solve(M, b)), X);
    expect(report.ok, String(report)).toBe(true);
    const rb = n.checkGrad((v: V[]) => n.dot(v, n.solve(X, v)), b);
    expect(rb.ok, String(rb)).toBe(true);
  });

  it("vec and Kronecker", () => {
    const vec = (M: number[][]) => M[0].flatMap((_, j) => M.map((r) => r[j]));
    expect(vec([[1, 3], [2, 4]])).toEqual([1, 2, 3, 4]);
  });
});

/** Central differences of a function of a matrix. */
function numericGradMatrix(f: (A: number[][]) => number, A: number[][], h = 1e-6): number[][] {
  return A.map((row, i) =>
    row.map((_, j) => {
      const at = (d: number) => f(A.map((r, k) => r.map((v, l) => (k === i && l === j ? v + d : v))));
      return (at(h) - at(-h)) / (2 * h);
    }),
  );
}

describe("COURSE: applications", () => {
  it("least squares: L = 27.5 and ∂L/∂θ = [18, 56] = −2(y − Φθ)ᵀΦ", () => {
    const y = [1, 2, 3];
    const Phi = [[1, 2], [1, 3], [1, 4]];
    const L = (th: V) => { const r = n.sub(y, n.matmul(Phi, th)); return n.dot(r, r); };
    const [value, g] = n.valueAndGrad(L as never)([0.5, 1.5]);
    expect(value).toBe(27.5);
    expect(g).toEqual([18, 56]);
    // Normal equations: θ* = (ΦᵀΦ)⁻¹Φᵀy, solved (not inverted); the gradient vanishes there.
    const theta = n.solve(n.matmul(n.transpose(Phi), Phi), n.matmul(n.transpose(Phi), y)) as n.Tensor;
    close(n.grad(L as never)(theta.toArray()), [0, 0], 1e-12);
  });

  it("the 2-2-1 sigmoid network: output 0.7889176625306139, and gradient descent with AD", () => {
    const x = [0.5, 0.8];
    // Parameters as one vector: W1 (row-major: z1_j = Σᵢ xᵢ W1[i][j] + b1_j), b1, W2, b2.
    const forward = (p: V[]) => {
      const z1 = [0, 1].map((j) => n.add(n.add(n.mul(x[0], p[j]), n.mul(x[1], p[2 + j])), p[4 + j]));
      const a1 = z1.map((z) => n.sigmoid(z));
      return n.sigmoid(n.add(n.add(n.mul(a1[0], p[6]), n.mul(a1[1], p[7])), p[8]));
    };
    const params = [0.5, 0.2, 0.3, 0.7, 0.1, 0.2, 0.6, 0.9, 0.3];
    close(forward(params) as number, 0.7889176625306139, 1e-15);
    const loss = (p: V[]) => { const d = n.sub(forward(p), 1); return n.mul(0.5, n.mul(d, d)); };
    const report = n.checkGrad(loss as never, params);
    expect(report.ok, String(report)).toBe(true);
    // Correct training re-runs the forward pass every step (the original loop did not).
    let p = params.slice();
    const before = loss(p) as number;
    for (let k = 0; k < 1000; k++) {
      const g = n.grad(loss as never)(p) as number[];
      p = p.map((v, i) => v - 0.05 * g[i]);
    }
    const after = loss(p) as number;
    expect(after).toBeLessThan(before);
    expect(forward(p) as number).toBeGreaterThan(0.7889176625306139);
    expect(forward(p as never) as number).toBeLessThan(0.995164913282539);
  });

  it("minimising ½xᵀQx − cᵀx: x* = Q⁻¹c and the Hessian is Q", () => {
    const Q = [[4, 1], [1, 3]];
    const c = [1, 2];
    const f = (x: V) => n.sub(n.mul(0.5, n.dot(x, n.matmul(Q, x))), n.dot(c, x));
    const xs = (n.solve(Q, c) as n.Tensor).toArray() as number[];
    close(n.grad(f as never)(xs), [0, 0], 1e-14);
    close(n.hessian(f as never)(n.tensor([0, 0])).toArray(), Q, 1e-14);
  });

  it("logsumexp is stable and its gradient is softmax", () => {
    expect(n.logsumexp([1000, 1000])).toBe(1000 + Math.LN2);
    const g = n.grad((v: V) => n.logsumexp(v))(n.tensor([1000, 1000, 999]));
    close(g.toArray(), (n.softmax([1000, 1000, 999]) as n.Tensor).toArray(), 1e-13);
    expect(g.toArray().every((v: number) => Number.isFinite(v))).toBe(true);
    expect(n.grad((v: V) => n.norm(v))(n.tensor([0, 0])).toArray()).toEqual([0, 0]);
  });

  it("softmax at large inputs is exact to rounding: [1, 1, e⁻¹]/(2 + e⁻¹) at [1000, 1000, 999]", () => {
    const d = 2 + Math.exp(-1);
    close((n.softmax([1000, 1000, 999]) as n.Tensor).toArray(), [1 / d, 1 / d, Math.exp(-1) / d], 2e-16);
    // Its Jacobian diag(p) − ppᵀ, in both modes.
    const p = [1 / d, 1 / d, Math.exp(-1) / d];
    const J = p.map((pi, i) => p.map((pj, j) => (i === j ? pi : 0) - pi * pj));
    close(n.jacfwd((v: V) => n.softmax(v))(n.tensor([1000, 1000, 999])).toArray(), J, 1e-15);
    close(n.jacrev((v: V) => n.softmax(v))(n.tensor([1000, 1000, 999])).toArray(), J, 1e-15);
  });

  it("logSoftmax is finite where log(softmax) underflows; its gradient is eᵢ − softmax", () => {
    const x = [1000, 0, -3];
    // log softmax(x)_i = x_i − logsumexp(x), and logsumexp(x) = 1000 + log(1 + e⁻¹⁰⁰⁰ + e⁻¹⁰⁰³) = 1000 to rounding.
    expect((n.logSoftmax(x) as n.Tensor).toArray()).toEqual([0, -1000, -1003]);
    // ∂/∂x of log softmax(x)_1 = e₁ − softmax(x); JAX and log(softmax) give NaN here.
    const g = n.grad((v: V) => n.index(n.logSoftmax(v), [1]))(n.tensor(x)) as n.Tensor;
    const p = (n.softmax(x) as n.Tensor).toArray() as number[];
    close(g.toArray(), p.map((pi, i) => (i === 1 ? 1 : 0) - pi), 1e-15);
    // Along an axis of a batch, and its rows exponentiate to softmax's.
    const batch = [[1, 2, 3], [-1, 0, 500]];
    close((n.exp(n.logSoftmax(batch, 1)) as n.Tensor).toArray(), (n.softmax(batch, 1) as n.Tensor).toArray(), 1e-15);
    close(n.jacfwd((v: V) => n.logSoftmax(v))(n.tensor([0.3, -1.2])).toArray(), n.jacrev((v: V) => n.logSoftmax(v))(n.tensor([0.3, -1.2])).toArray(), 1e-15);
  });

  it("norms of every order: values, gradients against central differences, 0 at the origin, clear errors", () => {
    const x = [3, -4, 1.5];
    const abs = x.map(Math.abs);
    const cases: [n.NormOrder | undefined, number][] = [
      [undefined, Math.hypot(...x)], [2, Math.hypot(...x)], [1, 8.5], [Infinity, 4], [-Infinity, 1.5],
      [3, Math.cbrt(abs.reduce((s, v) => s + v ** 3, 0))], [1.5, abs.reduce((s, v) => s + v ** 1.5, 0) ** (1 / 1.5)],
    ];
    for (const [ord, expected] of cases) {
      const f = (v: V) => n.norm(v, ord);
      expect(n.norm(x, ord) as number).toBeCloseTo(expected, 13);
      close(n.grad(f as never)(x) as number[], numericGrad((v) => n.norm(v, ord) as number, x), 1e-6);
      const g0 = n.grad(f as never)([0, 0, 0]) as number[];
      expect(g0.every((v) => v === 0), `ord ${ord} at 0: ${g0}`).toBe(true);
    }
    const M = [[1, -2], [3, 4]];
    expect(n.norm(M, 1)).toBe(6);
    expect(n.norm(M, Infinity)).toBe(7);
    expect(n.norm(M, "fro") as number).toBeCloseTo(Math.sqrt(30), 14);
    expect(n.grad((A: V) => n.norm(A, 1))(M)).toEqual([[0, -1], [0, 1]]);
    // Spectral norm: √(largest eigenvalue of MᵀM) = √(15 + √125).
    expect(n.norm(M, 2) as number).toBeCloseTo(Math.sqrt(15 + Math.sqrt(125)), 13);
    close(n.grad((A: V) => n.norm(A, 2))(M) as number[][], numericGradMatrix((A) => n.norm(A, 2) as number, M), 1e-6);
    close(n.grad((A: V) => n.norm(A, "nuc"))(M) as number[][], numericGradMatrix((A) => n.norm(A, "nuc") as number, M), 1e-6);
    // An infinite entry: every vector norm is ∞ as in NumPy (the p-norm gave 0·∞ = NaN); a NaN entry gives NaN.
    for (const ord of [undefined, 1, 1.5, 3, Infinity] as (n.NormOrder | undefined)[]) {
      expect(n.norm([-Infinity, 1, 2], ord), `ord ${ord}`).toBe(Infinity);
      expect(n.norm([NaN, 1, 2], ord), `ord ${ord}`).toBeNaN();
    }
    // Its derivative is that of max|xᵢ| for every order, the Euclidean default too (it gave NaN, x/‖x‖ = ∞/∞), in both modes.
    for (const ord of [undefined, 2, 3, Infinity] as (n.NormOrder | undefined)[]) {
      expect(n.grad((v: V) => n.norm(v, ord))([-Infinity, 1, 2]), `ord ${ord}`).toEqual([-1, 0, 0]);
      expect(n.jacfwd((v: V) => n.norm(v, ord))([-Infinity, 1, 2]), `ord ${ord}`).toEqual([-1, 0, 0]);
    }
    expect(n.grad((A: V) => n.norm(A))([[1, Infinity], [2, 3]])).toEqual([[0, 1], [0, 0]]);
    expect(() => n.norm(M, 3)).toThrow('norm: matrix norms are "fro", "nuc", 1, 2 and Infinity; got 3');
    expect(() => n.norm([1, 2], 0.5)).toThrow(/ord ≥ 1/);
    expect(() => n.norm([1, 2], "fro")).toThrow(/matrix norm/);
  });
});

describe("COURSE: Hessians and automatic differentiation", () => {
  it("H of x² + y² + xy at (1, 2) is exactly [[2, 1], [1, 2]]", () => {
    expect(n.hessian((v: V[]) => n.add(n.add(n.mul(v[0], v[0]), n.mul(v[1], v[1])), n.mul(v[0], v[1])))([1, 2])).toEqual([[2, 1], [1, 2]]);
  });

  it("the Hessian of xᵀAx is A + Aᵀ", () => {
    const A = [[2, 1, 0], [3, 4, 1], [0, -1, 5]];
    close((n.hessian((x: V) => n.dot(x, n.matmul(A, x)))(n.tensor([1, 2, 3])) as n.Tensor).toArray(), T(n.add(A, n.transpose(A))), 1e-14);
  });

  it("Newton's method on a quadratic converges in one step", () => {
    const f = (v: V[]) => n.add(n.add(n.mul(v[0], v[0]), n.mul(3, n.mul(v[1], v[1]))), n.mul(v[0], v[1]));
    const x = [2, -1];
    const step = n.solve(n.hessian(f as never)(x) as number[][], n.grad(f as never)(x) as number[]) as n.Tensor;
    close(x.map((v, i) => v - step.data[i]), [0, 0], 1e-14);
  });

  it("forward mode at (2, 3): f = sin x₁ + x₁x₂ ≈ 6.909, ∂f/∂x₁ = cos 2 + 3, ∂f/∂x₂ = 2", () => {
    const f = (x: V[]) => n.add(n.sin(x[0]), n.mul(x[0], x[1]));
    const [value, t1] = n.jvp(f as never, [[2, 3]], [[1, 0]]) as number[];
    const [, t2] = n.jvp(f as never, [[2, 3]], [[0, 1]]) as number[];
    close(value, 6.909297426825682, 1e-15);
    close(t1, Math.cos(2) + 3, 1e-15);
    expect(t2).toBe(2);
    expect(n.grad(f as never)([2, 3])).toEqual([Math.cos(2) + 3, 2]);
  });

  it("the evaluation-trace example: df/dx = 2x(1/(2√c) − sin c)(1 + exp(x²))", () => {
    const f = (x: V) => { const a = n.mul(x, x); const b = n.exp(a); const c = n.add(a, b); return n.add(n.sqrt(c), n.cos(c)); };
    for (const x of [0.3, 1.1]) {
      const c = x * x + Math.exp(x * x);
      close(n.grad(f as never)(x), 2 * x * (1 / (2 * Math.sqrt(c)) - Math.sin(c)) * (1 + Math.exp(x * x)), 1e-14);
    }
  });
});
