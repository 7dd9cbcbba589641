import { afterEach, describe, expect, it } from "vitest";
import * as vm from "node:vm";
import { createRequire } from "node:module";

/*
 * The course's derivatives written as a student writes them in a notebook cell: operators,
 * `Math.*`, loops over number[] and number[][], x[i][j], compound updates — and the tensor
 * functions beside them. Each cell runs in the kernel's sandbox with the built runtime twice,
 * with fused expressions (kernel/transform/fusion.ts) and without (NABLA_FUSION=0), and each
 * result is checked against the closed form of /work/shared/COURSE.md, not against the other
 * mode: both must be right.
 */

const require = createRequire(import.meta.url);
const { createSandbox } = require("../../dist/kernel/executor/sandbox.js");
const { transformCell } = require("../../dist/kernel/transform/transform.js");

type Sandbox = { context: vm.Context; scope: Record<string, unknown>; constants: Set<string>; runtimeNames: string[] };
const sandbox: Sandbox = createSandbox(process.cwd(), () => {});
const runtimeNames = new Set(sandbox.runtimeNames);
const MODES = [true, false] as const;

afterEach(() => {
  delete process.env.NABLA_FUSION;
});

/** Runs a cell with fusion on or off, as the kernel would. */
function run(code: string, fused: boolean): unknown {
  process.env.NABLA_FUSION = fused ? "1" : "0";
  try {
    const { script } = transformCell(code, new Set(Object.keys(sandbox.scope)), sandbox.constants, runtimeNames);
    return new vm.Script(script).runInContext(sandbox.context);
  } finally {
    delete process.env.NABLA_FUSION;
  }
}

/** Numbers, nested arrays and tensors as one flat list of numbers (objects by their values). */
function flat(v: unknown): number[] {
  const t = v as { toArray?: () => unknown };
  if (t !== null && typeof t === "object" && typeof t.toArray === "function") return flat(t.toArray());
  if (Array.isArray(v)) return v.flatMap(flat);
  if (typeof v === "number") return [v];
  if (v !== null && typeof v === "object") return Object.values(v).flatMap(flat);
  throw new Error(`not a number: ${String(v)}`);
}

/** The cell gives `expected` (flattened) within tol relative, fused and not. */
function expectCell(code: string, expected: unknown, tol = 1e-12): void {
  const want = flat(expected);
  for (const fused of MODES) {
    const got = flat(run(code, fused));
    const what = `${fused ? "fused" : "NABLA_FUSION=0"}: ${code}`;
    expect(got.length, what).toBe(want.length);
    got.forEach((g, i) => {
      if (!(Math.abs(g - want[i]) <= tol * Math.max(1, Math.abs(want[i])))) expect(got, `${what} [${i}]`).toEqual(want);
    });
  }
}

describe("COURSE in cells, one variable", () => {
  const x = 0.7;
  it("the rules: sin(2x+1), (sin x⁴)⁵, x³ sin x, (x²+5x+6)¹⁰, the cubic's f′(0) and f′(1)", () => {
    expectCell(`derivative((x: number) => Math.sin(2 * x + 1))(${x})`, 2 * Math.cos(2 * x + 1));
    const chain = 20 * x ** 3 * Math.sin(x ** 4) ** 4 * Math.cos(x ** 4);
    expectCell(`derivative((x: number) => Math.sin(x ** 4) ** 5)(${x})`, chain);
    expectCell(`grad((x: number) => Math.pow(Math.sin(Math.pow(x, 4)), 5))(${x})`, chain);
    expectCell(`grad((x: number) => x * x * x * Math.sin(x))(${x})`, 3 * x * x * Math.sin(x) + x ** 3 * Math.cos(x));
    expectCell(`derivative((x: number) => (x * x + 5 * x + 6) ** 10)(${x})`, 10 * (x * x + 5 * x + 6) ** 9 * (2 * x + 5));
    const cubic = "(x: number) => x ** 3 + 2 * x ** 2 - 5 * x + 7";
    expectCell(`[derivative(${cubic})(0), derivative(${cubic})(1), derivative(${cubic}, 2)(1), derivative(${cubic}, 3)(1), derivative(${cubic}, 4)(1)]`, [-5, 2, 10, 6, 0]);
  });

  it("gradient descent on x² − 4x + 3 from 4: 3.6, 3.28, 3.024", () => {
    expectCell("(() => { let x = 4; const df = derivative((x: number) => x * x - 4 * x + 3); const xs: number[] = []; for (let k = 0; k < 3; k++) { x -= 0.1 * df(x); xs.push(x); } return xs; })()", [3.6, 3.28, 3.024]);
  });

  it("Taylor coefficients by derivative(f, k): exp(sin x) at 0 has 1, 1, 0, −3, −8", () => {
    expectCell("[1, 2, 3, 4, 5].map((k) => derivative((x: number) => Math.exp(Math.sin(x)), k)(0))", [1, 1, 0, -3, -8], 1e-12);
    const h = 0.1;
    expectCell(`(() => { const f = (x: number) => Math.exp(Math.sin(x)); let s = 0, fact = 1; for (let k = 0; k <= 4; k++) { if (k > 0) fact *= k; s += derivative(f, k)(0) * ${h} ** k / fact; } return s; })()`, 1 + h + h ** 2 / 2 - (3 * h ** 4) / 24);
  });

  it("Newton's method on x³ − 2x − 5 with derivative", () => {
    expectCell("(() => { const f = (x: number) => x * x * x - 2 * x - 5; const df = derivative(f); let x = 2; for (let k = 0; k < 8; k++) x -= f(x) / df(x); return x; })()", 2.0945514815423265, 1e-15);
  });

  it("the evaluation trace √(x² + e^{x²}) + cos(x² + e^{x²})", () => {
    const c = x * x + Math.exp(x * x);
    expectCell(`derivative((x: number) => Math.sqrt(x * x + Math.exp(x * x)) + Math.cos(x * x + Math.exp(x * x)))(${x})`, 2 * x * (1 / (2 * Math.sqrt(c)) - Math.sin(c)) * (1 + Math.exp(x * x)));
  });
});

describe("COURSE in cells, partial derivatives and the chain rule", () => {
  const [X, Y] = [0.3, -0.8];
  it("(x + 2y³)², x₁²x₂ + x₁x₂³, and ∇f = [8, 7] at [1, 2]", () => {
    expectCell(`grad((x: number, y: number) => (x + 2 * y ** 3) ** 2, { argnums: [0, 1] })(${X}, ${Y})`, [2 * (X + 2 * Y ** 3), 12 * (X + 2 * Y ** 3) * Y * Y]);
    expectCell(`grad((x: number[]) => x[0] * x[0] * x[1] + x[0] * x[1] ** 3)([${X}, ${Y}])`, [2 * X * Y + Y ** 3, X * X + 3 * X * Y * Y]);
    expectCell("valueAndGrad((x: number[]) => x[0] ** 2 + 3 * x[0] * x[1] + x[1] ** 2)([1, 2])", [11, 8, 7]);
    expectCell("checkGrad((x: number[]) => x[0] ** 2 + 3 * x[0] * x[1] + Math.sin(x[1]) * x[1], [1, 2]).ad", [8, 3 + Math.sin(2) + 2 * Math.cos(2)]);
    expect(run("checkGrad((x: number[]) => x[0] ** 2 + 3 * x[0] * x[1] + Math.sin(x[1]) * x[1], [1, 2]).ok", true)).toBe(true);
  });

  it("df/dt through x₁ = sin t, x₂ = cos t and x₂ = e^{2t}; h(t) = exp(x₁x₂²) with g(t) = [t cos t, t sin t]", () => {
    const t = 0.9;
    expectCell(`derivative((t: number) => { const x1 = Math.sin(t), x2 = Math.cos(t); return x1 * x1 + 2 * x2; })(${t})`, 2 * Math.sin(t) * Math.cos(t) - 2 * Math.sin(t));
    const [x1, x2] = [Math.sin(t), Math.exp(2 * t)];
    expectCell(`derivative((t: number) => { const x1 = Math.sin(t), x2 = Math.exp(2 * t); return x1 ** 2 * x2 + 3 * x1 + 6 * x2; })(${t})`, (2 * x1 * x2 + 3) * Math.cos(t) + (x1 * x1 + 6) * 2 * Math.exp(2 * t));
    const s = 0.6;
    const [g1, g2] = [s * Math.cos(s), s * Math.sin(s)];
    const dh = Math.exp(g1 * g2 * g2) * (g2 * g2 * (Math.cos(s) - s * Math.sin(s)) + 2 * g1 * g2 * (Math.sin(s) + s * Math.cos(s)));
    expectCell(`derivative((t: number) => { const g = [t * Math.cos(t), t * Math.sin(t)]; return Math.exp(g[0] * g[1] ** 2); })(${s})`, dh);
    expectCell(`grad((t: number) => { const g = [t * Math.cos(t), t * Math.sin(t)]; return Math.exp(g[0] * g[1] * g[1]); })(${s})`, dh);
  });

  it("f = 3xy + yz² of (p, q, r): all three partials, by grad, jvp, vjp, jacfwd and jacrev", () => {
    const [p, q, r] = [0.4, 1.1, -0.3];
    const [x, y, z] = [p * q * r, 2 * p * p + q + 5 * r, p * Math.cos(q + 2 * r)];
    const fp = 3 * y * q * r + (3 * x + z * z) * 4 * p + 2 * y * z * Math.cos(q + 2 * r);
    const fq = 3 * y * p * r + (3 * x + z * z) + 2 * y * z * -p * Math.sin(q + 2 * r);
    const fr = 3 * y * p * q + (3 * x + z * z) * 5 + 2 * y * z * -2 * p * Math.sin(q + 2 * r);
    const f = "(p: number, q: number, r: number) => { const x = p * q * r, y = 2 * p ** 2 + q + 5 * r, z = p * Math.cos(q + 2 * r); return 3 * x * y + y * z ** 2; }";
    expectCell(`grad(${f}, { argnums: [0, 1, 2] })(${p}, ${q}, ${r})`, [fp, fq, fr]);
    expectCell(`jvp(${f}, [${p}, ${q}, ${r}], [1, 2, -1])[1]`, fp + 2 * fq - fr);
    expectCell(`vjp(${f}, ${p}, ${q}, ${r})[1](2)`, [2 * fp, 2 * fq, 2 * fr]);
    for (const jac of ["jacfwd", "jacrev"]) expectCell(`${jac}((v: number[]) => (${f})(v[0], v[1], v[2]))([${p}, ${q}, ${r}])`, [fp, fq, fr]);
  });

  it("forward mode on sin x₁ + x₁x₂ at (2, 3)", () => {
    expectCell("jvp((a: number, b: number) => Math.sin(a) + a * b, [2, 3], [1, 0])", [Math.sin(2) + 6, Math.cos(2) + 3]);
    expectCell("valueAndGrad((a: number, b: number) => Math.sin(a) + a * b, { argnums: [0, 1] })(2, 3)", [Math.sin(2) + 6, Math.cos(2) + 3, 2]);
  });
});

describe("COURSE in cells, Jacobians", () => {
  for (const jac of ["jacobian", "jacfwd", "jacrev"]) {
    it(`${jac}: the worked Jacobians, F(x) = [[x, x²], [x³, x⁴]], the rotation matrix, Ax in loops`, () => {
      expectCell(`${jac}((x: number[]) => [x[0] ** 2 + x[1], x[0] * x[1], Math.sin(x[0]) + Math.cos(x[1])])([1, 0])`, [[2, 1], [0, 1], [Math.cos(1), 0]]);
      expectCell(`${jac}((x: number[]) => [x[0] * x[0] + x[1], x[0] * x[1]])([1, 2])`, [[2, 1], [2, 1]]);
      expectCell(`${jac}((x: number[]) => [x[0] + x[1], x[0] - x[1]])([0.3, 0.9])`, [[1, 1], [1, -1]]);
      expectCell(`${jac}((x: number) => [[x, x ** 2], [x * x * x, x ** 4]])(2)`, [[1, 4], [12, 32]]);
      const t = 0.4;
      expectCell(`${jac}((t: number) => [[Math.cos(t), Math.sin(t)], [-Math.sin(t), Math.cos(t)]])(${t})`, [[-Math.sin(t), Math.cos(t)], [-Math.cos(t), -Math.sin(t)]]);
      expectCell(`${jac}((x: number[]) => { const A = [[1, 2, 3], [4, 5, 6]]; const y: number[] = []; for (let i = 0; i < 2; i++) { let s = 0; for (let j = 0; j < 3; j++) s += A[i][j] * x[j]; y.push(s); } return y; })([1, -1, 2])`, [[1, 2, 3], [4, 5, 6]]);
    });

    it(`${jac}: Jacobian determinants of polar and spherical coordinates, and of [x² + y², xy] at (1, 2)`, () => {
      expectCell(`det(${jac}((v: number[]) => [v[0] * Math.cos(v[1]), v[0] * Math.sin(v[1])])([2.5, 0.7]))`, 2.5);
      const [r, th, ph] = [1.7, 0.6, 1.1];
      expectCell(`det(${jac}((v: number[]) => { const [r, t, p] = v; return [r * Math.sin(t) * Math.cos(p), r * Math.sin(t) * Math.sin(p), r * Math.cos(t)]; })([${r}, ${th}, ${ph}]))`, r * r * Math.sin(th));
      expectCell(`det(${jac}((v: number[]) => [v[0] ** 2 + v[1] ** 2, v[0] * v[1]])([1, 2]))`, -6);
    });
  }

  it("softmax written with a loop: J = diag(p) − ppᵀ, in every Jacobian and by the library's softmax", () => {
    const z = [0.3, -1.2, 2.0, 0.5];
    const m = Math.max(...z);
    const e = z.map((v) => Math.exp(v - m));
    const p = e.map((v) => v / e.reduce((s, w) => s + w, 0));
    const J = p.map((pi, i) => p.map((pj, j) => pi * ((i === j ? 1 : 0) - pj)));
    const softmax = "(z: number[]) => { let m = -Infinity; for (const v of z) m = Math.max(m, v); const e = z.map((v) => Math.exp(v - m)); let s = 0; for (const v of e) s += v; return e.map((v) => v / s); }";
    for (const jac of ["jacobian", "jacfwd", "jacrev"]) expectCell(`${jac}(${softmax})([${z}])`, J);
    expectCell(`jacobian((z: any) => softmax(z))(tensor([${z}]))`, J);
  });

  it("K = RᵀR by loops over R[i][j]: the course's dK/dR", () => {
    const R = [[1, 2], [3, -1], [0.5, 2]];
    const want: number[] = [];
    for (let p = 0; p < 2; p++) for (let q = 0; q < 2; q++) for (let i = 0; i < 3; i++) for (let j = 0; j < 2; j++) want.push(j === p && p === q ? 2 * R[i][q] : j === p ? R[i][q] : j === q ? R[i][p] : 0);
    for (const jac of ["jacfwd", "jacrev"]) {
      expectCell(`${jac}((R: number[][]) => { const K = [[0, 0], [0, 0]]; for (let p = 0; p < 2; p++) for (let q = 0; q < 2; q++) for (let i = 0; i < 3; i++) K[p][q] += R[i][p] * R[i][q]; return K; })(${JSON.stringify(R)})`, want);
    }
  });
});

describe("COURSE in cells, gradients of and by matrices", () => {
  const xAx = "(x: number[]) => { const A = [[2, 1], [3, 4]]; let s = 0; for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) s += x[i] * A[i][j] * x[j]; return s; }";
  const x = [0.5, -1.5];
  const g = [4 * x[0] + 4 * x[1], 4 * x[0] + 8 * x[1]];

  it("xᵀAx with A = [[2, 1], [3, 4]]: (A + Aᵀ)x and Hessian A + Aᵀ, in every mode and nesting", () => {
    expectCell(`grad(${xAx})([${x}])`, g);
    expectCell(`valueAndGrad(${xAx})([${x}])`, [x[0] * (2 * x[0] + x[1]) + x[1] * (3 * x[0] + 4 * x[1]), ...g]);
    expectCell(`jvp(${xAx}, [[${x}]], [[1, 2]])[1]`, g[0] + 2 * g[1]);
    expectCell(`vjp(${xAx}, [${x}])[1](2)`, g.map((v) => 2 * v));
    for (const h of [`hessian(${xAx})`, `jacfwd(grad(${xAx}))`, `jacrev(grad(${xAx}))`]) expectCell(`${h}([${x}])`, [[4, 4], [4, 8]]);
    expectCell(`hvp(${xAx})([${x}], [1, -1])`, [0, -4]);
    expectCell(`grad((x: any) => sum(x * matmul(tensor([[2, 1], [3, 4]]), x)))(tensor([${x}]))`, g);
  });

  it("‖y − Φθ‖² with y = [1, 2, 3], Φ = [[1, 2], [1, 3], [1, 4]] at θ = [0.5, 1.5]: 27.5, [18, 56], Hessian 2ΦᵀΦ", () => {
    const L = "(th: number[]) => { const y = [1, 2, 3], P = [[1, 2], [1, 3], [1, 4]]; let L = 0; for (let i = 0; i < 3; i++) { let r = y[i]; for (let j = 0; j < 2; j++) r -= P[i][j] * th[j]; L += r * r; } return L; }";
    expectCell(`valueAndGrad(${L})([0.5, 1.5])`, [27.5, 18, 56]);
    expectCell(`jvp(${L}, [[0.5, 1.5]], [[0, 1]])`, [27.5, 56]);
    expectCell(`hessian(${L})([0.5, 1.5])`, [[6, 18], [18, 58]]);
    expectCell("valueAndGrad((th: any) => sum((tensor([1, 2, 3]) - matmul(tensor([[1, 2], [1, 3], [1, 4]]), th)) ** 2))(tensor([0.5, 1.5]))", [27.5, 18, 56]);
  });

  it("logsumexp with the maximum factored out: its gradient is softmax, its Hessian diag(p) − ppᵀ", () => {
    const z = [0.3, -1.2, 2.0, 0.5];
    const m = Math.max(...z);
    const lse = m + Math.log(z.reduce((s, v) => s + Math.exp(v - m), 0));
    const p = z.map((v) => Math.exp(v - lse));
    const f = "(z: number[]) => { let m = z[0]; for (let i = 1; i < z.length; i++) if (z[i] > m) m = z[i]; let s = 0; for (let i = 0; i < z.length; i++) s += Math.exp(z[i] - m); return m + Math.log(s); }";
    expectCell(`valueAndGrad(${f})([${z}])`, [lse, ...p]);
    expectCell(`jvp(${f}, [[${z}]], [[1, 1, 1, 1]])[1]`, 1);
    expectCell(`hessian(${f})([${z}])`, p.map((pi, i) => p.map((pj, j) => (i === j ? pi : 0) - pi * pj)));
    expectCell(`grad((z: any) => logsumexp(z))(tensor([${z}]))`, p);
  });

  it("∂tr(AX)/∂X = Aᵀ, ∂tr X/∂X = I, ∂‖X‖²_F/∂X = 2X, ∂aᵀXb/∂X = abᵀ, ∂tr(AXB)/∂X = AᵀBᵀ, by loops over X[i][j]", () => {
    const X = "[[2, 0.5], [-1, 3]]";
    expectCell(`grad((X: number[][]) => { const A = [[1, 2], [3, 4]]; let t = 0; for (let i = 0; i < 2; i++) for (let k = 0; k < 2; k++) t += A[i][k] * X[k][i]; return t; })(${X})`, [[1, 3], [2, 4]]);
    expectCell(`grad((X: any) => trace(matmul([[1, 2], [3, 4]], X)))(${X})`, [[1, 3], [2, 4]]);
    expectCell(`grad((X: number[][]) => X[0][0] + X[1][1])(${X})`, [[1, 0], [0, 1]]);
    expectCell(`grad((X: number[][]) => { let s = 0; for (const row of X) for (const v of row) s += v * v; return s; })(${X})`, [[4, 1], [-2, 6]]);
    expectCell(`grad((X: number[][]) => { const a = [1, -2], b = [0.5, 3]; let s = 0; for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) s += a[i] * X[i][j] * b[j]; return s; })(${X})`, [[0.5, 3], [-1, -6]]);
    const [A, B] = [[[1, 2], [3, 4]], [[0, 1], [2, -1]]];
    const AtBt = [0, 1].map((i) => [0, 1].map((j) => A[0][i] * B[j][0] + A[1][i] * B[j][1]));
    expectCell(`grad((X: number[][]) => { const A = [[1, 2], [3, 4]], B = [[0, 1], [2, -1]]; let t = 0; for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) for (let k = 0; k < 2; k++) t += A[i][j] * X[j][k] * B[k][i]; return t; })(${X})`, AtBt);
  });

  const X3 = [[4, 1, 0.5], [2, 5, 1], [-1, 0.5, 3]];
  const det3 = 4 * (5 * 3 - 0.5) - 1 * (6 + 1) + 0.5 * (1 + 5);
  // X⁻ᵀ from the adjugate: (X⁻¹)ᵀ[i][j] = cofactor(i, j) / det.
  const cof = (i: number, j: number) => {
    const r = [0, 1, 2].filter((k) => k !== i);
    const c = [0, 1, 2].filter((k) => k !== j);
    return (-1) ** (i + j) * (X3[r[0]][c[0]] * X3[r[1]][c[1]] - X3[r[0]][c[1]] * X3[r[1]][c[0]]);
  };
  const invT = [0, 1, 2].map((i) => [0, 1, 2].map((j) => cof(i, j) / det3));

  it("∂ log det X/∂X = X⁻ᵀ and ∂ det X/∂X = det(X) X⁻ᵀ, by Gaussian elimination with A[k][j] -= f * A[i][j]", () => {
    const logdet = "(X: number[][]) => { const n = X.length; const A = X.map((r) => r.slice()); let ld = 0; for (let i = 0; i < n; i++) { for (let k = i + 1; k < n; k++) { const f = A[k][i] / A[i][i]; for (let j = i; j < n; j++) A[k][j] -= f * A[i][j]; } ld += Math.log(Math.abs(A[i][i])); } return ld; }";
    expectCell(`valueAndGrad(${logdet})(${JSON.stringify(X3)})`, [Math.log(det3), ...invT.flat()]);
    expectCell(`jacfwd(${logdet})(${JSON.stringify(X3)})`, invT);
    // jvp along I: tr(X⁻¹).
    expectCell(`jvp(${logdet}, [${JSON.stringify(X3)}], [[[1, 0, 0], [0, 1, 0], [0, 0, 1]]])[1]`, invT[0][0] + invT[1][1] + invT[2][2]);
    const det = "(X: number[][]) => { const n = X.length; const A = X.map((r) => r.slice()); let d = 1; for (let i = 0; i < n; i++) { for (let k = i + 1; k < n; k++) { const f = A[k][i] / A[i][i]; for (let j = i; j < n; j++) A[k][j] = A[k][j] - f * A[i][j]; } d *= A[i][i]; } return d; }";
    expectCell(`grad(${det})(${JSON.stringify(X3)})`, invT.map((r) => r.map((v) => v * det3)));
    expectCell(`grad((X: any) => logdet(X))(${JSON.stringify(X3)})`, invT);
    expectCell(`grad((X: any) => Math.log(det(X)))(${JSON.stringify(X3)})`, invT);
  });

  it("∂(aᵀX⁻¹b)/∂X = −X⁻ᵀabᵀX⁻ᵀ, with X⁻¹ by Gauss–Jordan in loops and by inv", () => {
    const a = [1, -2, 0.5];
    const b = [0.5, 3, -1];
    const u = invT.map((r) => r.reduce((s, v, j) => s + v * a[j], 0));
    const w = [0, 1, 2].map((j) => b.reduce((s, bi, i) => s + bi * invT[i][j], 0));
    const want = u.map((ui) => w.map((wj) => -ui * wj));
    const gj = `(X: number[][]) => { const n = X.length; const A = X.map((r, i) => [...r, ...X.map((_, j) => (i === j ? 1 : 0))]); for (let i = 0; i < n; i++) { const p = A[i][i]; for (let j = 0; j < 2 * n; j++) A[i][j] /= p; for (let k = 0; k < n; k++) if (k !== i) { const f = A[k][i]; for (let j = 0; j < 2 * n; j++) A[k][j] -= f * A[i][j]; } } const a = [${a}], b = [${b}]; let s = 0; for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) s += a[i] * A[i][n + j] * b[j]; return s; }`;
    for (const g of ["grad", "jacfwd", "jacrev"]) expectCell(`${g}(${gj})(${JSON.stringify(X3)})`, want, 1e-11);
    expectCell(`grad((X: any) => dot([${a}], matmul(inv(X), [${b}])))(${JSON.stringify(X3)})`, want, 1e-11);
  });

  it("∂/∂s (x − As)ᵀW(x − As) = −2(x − As)ᵀWA for symmetric W", () => {
    const x = [1, 2, 3];
    const A = [[1, 0], [2, 1], [0, 3]];
    const W = [[2, 0, 0], [0, 1, 0.5], [0, 0.5, 3]];
    const s = [0.3, -0.4];
    const r = x.map((xi, i) => xi - A[i][0] * s[0] - A[i][1] * s[1]);
    const rW = [0, 1, 2].map((j) => r.reduce((acc, ri, i) => acc + ri * W[i][j], 0));
    const want = [0, 1].map((k) => -2 * rW.reduce((acc, v, j) => acc + v * A[j][k], 0));
    expectCell(`grad((s: number[]) => { const x = [${x}], A = ${JSON.stringify(A)}, W = ${JSON.stringify(W)}; const r: number[] = []; for (let i = 0; i < 3; i++) r.push(x[i] - A[i][0] * s[0] - A[i][1] * s[1]); let q = 0; for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) q += r[i] * W[i][j] * r[j]; return q; })([${s}])`, want);
  });
});

describe("COURSE in cells, Hessians, Newton and networks", () => {
  it("x² + y² + xy at (1, 2): H = [[2, 1], [1, 2]]; xᵀAx with A symmetric: 2A", () => {
    expectCell("hessian((v: number[]) => v[0] ** 2 + v[1] ** 2 + v[0] * v[1])([1, 2])", [[2, 1], [1, 2]]);
    expectCell("hessian((x: number[]) => { const A = [[2, 1, 0], [1, 3, -1], [0, -1, 4]]; let s = 0; for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) s += x[i] * A[i][j] * x[j]; return s; })([0.1, -0.2, 0.3])", [[4, 2, 0], [2, 6, -2], [0, -2, 8]]);
  });

  it("Newton's method x ← x − H⁻¹∇f: one step to Q⁻¹c on ½xᵀQx − cᵀx, and to the minimum of (x − 1)⁴ + (x − 2y)²", () => {
    // Q = [[2, 1], [1, 3]], c = [1, −1]: x* = Q⁻¹c = [0.8, −0.6].
    expectCell("(() => { const f = (v: number[]) => 0.5 * (2 * v[0] * v[0] + 2 * v[0] * v[1] + 3 * v[1] * v[1]) - (v[0] - v[1]); const x = [5, 5]; const s = (solve(hessian(f)(x), grad(f)(x)) as any).toArray(); return [x[0] - s[0], x[1] - s[1]]; })()", [0.8, -0.6]);
    expectCell("(() => { const f = (v: number[]) => (v[0] - 1) ** 4 + (v[0] - 2 * v[1]) ** 2; let x = [0, 3]; for (let k = 0; k < 40; k++) { const s = (solve(hessian(f)(x), grad(f)(x)) as any).toArray(); x = [x[0] - s[0], x[1] - s[1]]; } return x; })()", [1, 0.5], 1e-6);
  });

  it("nested derivatives keep their perturbations apart, through fused expressions", () => {
    expectCell("derivative((x: number) => x * derivative((y: number) => x + y)(1))(1)", 1);
    // f(x) = x · ∂y(2xy... ) : grad_y (x y² + x y) at 2 is 5x, so f = 6x² and f′(1.5) = 18.
    expectCell("grad((x: number) => x * grad((y: number) => x * y * y + x * y)(2) + x * x)(1.5)", 18);
    const x = 0.7;
    const f2 = 6 * x + 2 * Math.cos(x) - x * Math.sin(x);
    for (const outer of ["grad", "derivative"]) for (const inner of ["grad", "derivative"]) expectCell(`${outer}(${inner}((x: number) => x * x * x + Math.sin(x) * x))(${x})`, f2);
    expectCell("jvp((x: number) => grad((y: number) => x * y * y + y)(2), [3], [1])", [13, 4]);
  });

  it("the 2-2-1 sigmoid network's output 0.7889176625306139, by 1/(1 + e^{−z}) and by sigmoid", () => {
    const net = (s: string) => `(() => { const W1 = [[0.5, 0.2], [0.3, 0.7]], b1 = [0.1, 0.2], W2 = [[0.6, 0.9]], b2 = [0.3], x = [0.5, 0.8]; const s = ${s}; const h = [0, 1].map((j) => s(x[0] * W1[0][j] + x[1] * W1[1][j] + b1[j])); return s(W2[0][0] * h[0] + W2[0][1] * h[1] + b2[0]); })()`;
    expectCell(net("(z: number) => 1 / (1 + Math.exp(-z))"), 0.7889176625306139, 1e-15);
    expectCell(net("sigmoid"), 0.7889176625306139, 1e-15);
  });
});

describe("COURSE in cells, training and the ways students write code", () => {
  it("the 2-2-1 network trained by gradient descent on { W1, b1, W2, b2 } with loops gives the tensor version's loss", () => {
    // Two independent writings of the same training (½(a₂ − y)², lr 0.05, 200 steps, the forward
    // pass re-run every step): nested arrays and loops against tensors and matmul.
    const loops = "(() => { const p = { W1: [[0.5, 0.2], [0.3, 0.7]], b1: [0.1, 0.2], W2: [[0.6, 0.9]], b2: [0.3] }; const x = [0.5, 0.8], y = 1; const loss = (p: any) => { const h: any[] = []; for (let j = 0; j < 2; j++) { let z = p.b1[j]; for (let i = 0; i < 2; i++) z += x[i] * p.W1[i][j]; h.push(1 / (1 + Math.exp(-z))); } let z2 = p.b2[0]; for (let j = 0; j < 2; j++) z2 += p.W2[0][j] * h[j]; const a = 1 / (1 + Math.exp(-z2)); return 0.5 * (a - y) ** 2; }; for (let k = 0; k < 200; k++) { const g = grad(loss)(p); for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) p.W1[i][j] -= 0.05 * g.W1[i][j]; for (let j = 0; j < 2; j++) { p.b1[j] -= 0.05 * g.b1[j]; p.W2[0][j] -= 0.05 * g.W2[0][j]; } p.b2[0] -= 0.05 * g.b2[0]; } return loss(p); })()";
    const tensors = "(() => { let W1 = tensor([[0.5, 0.2], [0.3, 0.7]]), b1 = tensor([0.1, 0.2]), W2 = tensor([0.6, 0.9]), b2 = 0.3; const x = tensor([0.5, 0.8]); const loss = (W1: any, b1: any, W2: any, b2: any) => 0.5 * (sigmoid(dot(W2, sigmoid(matmul(x, W1) + b1)) + b2) - 1) ** 2; for (let k = 0; k < 200; k++) { const [gW1, gb1, gW2, gb2] = grad(loss, { argnums: [0, 1, 2, 3] })(W1, b1, W2, b2) as any; W1 = W1 - 0.05 * gW1; b1 = b1 - 0.05 * gb1; W2 = W2 - 0.05 * gW2; b2 = b2 - 0.05 * gb2; } return loss(W1, b1, W2, b2); })()";
    const reference = run(tensors, false) as number;
    // Training lowers the loss from ½(0.7889 − 1)² = 0.0223.
    expect(reference).toBeLessThan(0.5 * (0.7889176625306139 - 1) ** 2);
    expectCell(loops, reference, 1e-12);
    expectCell(tensors, reference, 1e-12);
  });

  it("default parameters, getters, while loops, ** chains, typed arrays, x.length and Math.PI as operands", () => {
    expectCell("grad((x: number, y = x * x + 1) => x * y + y)(2)", 3 * 4 + 1 + 4);
    expectCell("(() => { class C { constructor(public x: any, public y: any) {} get v() { return this.x * this.y + Math.sin(this.x); } } return grad((a: number) => new C(a, 3).v)(0.5); })()", 3 + Math.cos(0.5));
    let [y, dy] = [0.5, 1];
    for (let k = 0; k < 3; k++) [y, dy] = [y * y + 0.5, 2 * y * dy + 1];
    expectCell("derivative((x: number) => { let y = x, k = 0; while (k < 3) { y = y * y + x; k++; } return y; })(0.5)", dy);
    expectCell("derivative((x: number) => x ** 2 ** 3 + x)(1.1)", 8 * 1.1 ** 7 + 1);
    expectCell("derivative((x: number) => 2 ** x ** 2 * 1)(1.1)", Math.log(2) * 2 ** (1.1 ** 2) * 2 * 1.1);
    expectCell("grad((x: Float64Array) => { let s = 0; for (let i = 0; i < x.length; i++) s += x[i] * x[i] * (i + 1); return s; })(new Float64Array([1, 2]))", [2, 8]);
    expectCell("grad((x: number[]) => x.length * x[0] * x[0] + x[1] / x.length)([1, 2])", [4, 0.5]);
    expectCell("grad((r: number) => Math.PI * r * r + 2 * Math.PI * r)(2)", 6 * Math.PI);
    const [a, b] = [0.5, 2];
    const e = Math.exp(a * b);
    expectCell("hessian((x: number, y: number) => x * x * y + Math.exp(x * y), { argnums: [0, 1] })(0.5, 2)", [2 * b + b * b * e, 2 * a + e + a * b * e, 2 * a + e + a * b * e, a * a * e]);
  });
});

describe("forward mode along a direction with zero components", () => {
  it("jvp of √x₀ + 2x₁ at x₀ = 0 along [0, 1] is 2, as jacfwd's column (0·∞ was NaN operation by operation)", () => {
    // Along [0, 1] the function is 2x₁ + 0: its derivative is 2. Reverse mode skips a zero
    // adjoint, and a fused expression a zero tangent; a single operation now does too.
    expectCell("jvp((x: number[]) => Math.sqrt(x[0]) + x[1] * 2, [[0, 1]], [[0, 1]])", [2, 2]);
    expectCell("jvp((x: number[]) => Math.sqrt(x[0]), [[0, 1]], [[0, 1]])", [0, 0]);
    expectCell("jvp((x: number[]) => Math.log(x[0]) + x[1] * 2, [[0, 1]], [[0, 1]])[1]", 2);
    expectCell("jvp((x: number[]) => x[0] ** 0.5 + x[1] * 3, [[0, 1]], [[0, 1]])", [3, 3]);
    expectCell("jvp((x: number[]) => Math.acos(x[0]) + x[1] * 3, [[1, 1]], [[0, 1]])", [3, 3]);
    expectCell("jvp((x: number[]) => Math.sqrt(x[0]) * x[1] + x[1] * 2, [[0, 1]], [[0, 1]])", [2, 2]);
    // The same directional derivative as the Jacobian's second column.
    expectCell("jacfwd((x: number[]) => Math.sqrt(x[0]) + x[1] * 2)([0, 1])[1]", 2);
  });
});
