// Runtime benchmarks W1–W6 (issue 3): Nabla against hand-written plain JavaScript (no AD)
// and TensorFlow.js on its pure-JavaScript CPU backend, in one process.
import { createRequire } from "node:module";
import { time, table, fmt } from "./timing.mjs";

const require = createRequire(import.meta.url);
const n = require("../../dist/src/index.js");
let tf = null;
try {
  tf = require("@tensorflow/tfjs");
  await tf.setBackend("cpu");
  tf.enableProdMode();
} catch (e) {
  console.log(`(TensorFlow.js unavailable: ${e.message})`);
}

const rows = [["workload", "plain JS", "Nabla", "Nabla ÷ plain", "TF.js", "TF.js ÷ Nabla"]];

/** Runs cells as the kernel does (its sandbox, runtime and cell transform), in this process; returns each cell's value. */
function cellRunner() {
  const vm = require("node:vm");
  const { createSandbox } = require("../../dist/kernel/executor/sandbox.js");
  const { transformCell } = require("../../dist/kernel/transform/transform.js");
  const sandbox = createSandbox(process.cwd(), (m) => console.log(m));
  const runtimeNames = new Set(sandbox.runtimeNames);
  return (code) => new vm.Script(transformCell(code, new Set(Object.keys(sandbox.scope)), sandbox.constants, runtimeNames).script).runInContext(sandbox.context);
}
const seq = (k, f) => Array.from({ length: k }, (_, i) => f(i));

// ---- W1: scalar program written as a loop, 10,000 scalars --------------------------------
{
  const N = 10_000;
  const x = seq(N, (i) => Math.sin(i) * 1.5);
  const plain = (x) => {
    let s = 0;
    for (let i = 0; i < x.length - 1; i++) s += Math.sin(x[i]) * x[i + 1] + Math.exp(-x[i] * x[i]) / (1 + x[i] * x[i]);
    return s;
  };
  const { add, mul, div, sin, exp, neg } = n;
  const f = (x) => {
    let s = 0;
    for (let i = 0; i < x.length - 1; i++) {
      const xi = x[i];
      const sq = mul(xi, xi);
      s = add(s, add(mul(sin(xi), x[i + 1]), div(exp(neg(sq)), add(1, sq))));
    }
    return s;
  };
  const tPlain = time(() => plain(x), { runs: 51 });
  const tGrad = time(() => n.valueAndGrad(f)(x), { warmup: 15, runs: 31 });
  const v = seq(N, (i) => (i % 3) - 1);
  const tJvp = time(() => n.jvp(f, [x], [v]), { warmup: 15, runs: 31 });
  let tTf = "-";
  let tfRatio = "-";
  if (tf) {
    // TF.js is far too slow for 10,000 scalar ops per iteration; time 200 and scale linearly.
    const M = 200;
    const xs = x.slice(0, M);
    const g = tf.grads((...vars) => {
      let s = tf.scalar(0);
      for (let i = 0; i < M - 1; i++) {
        const xi = vars[i];
        const sq = xi.mul(xi);
        s = s.add(xi.sin().mul(vars[i + 1]).add(sq.neg().exp().div(sq.add(1))));
      }
      return s;
    });
    const t = time(() => tf.tidy(() => g(xs.map((xi) => tf.scalar(xi)))), { runs: 3, warmup: 1 }) * (N / M);
    tTf = fmt(t);
    tfRatio = `${(t / tGrad).toFixed(0)}×`;
  }
  rows.push(["W1 value+grad (tape), runtime calls", fmt(tPlain), fmt(tGrad), `${(tGrad / tPlain).toFixed(1)}×`, tTf, tfRatio]);
  rows.push(["W1 directional derivative (duals), runtime calls", fmt(tPlain), fmt(tJvp), `${(tJvp / tPlain).toFixed(1)}×`, "-", "-"]);

  // The same loop as a notebook user writes it in a cell — operators and Math.sin, the plain
  // function's own text — run by the kernel's sandbox and cell transform in this process: the
  // transform fuses each expression (kernel/transform/fusion.ts). Its plain run is timed first,
  // before differentiation has shown the loop dual numbers and tape variables.
  const cell = cellRunner();
  cell(`const w1x = Array.from({ length: ${N} }, (_, i) => Math.sin(i) * 1.5);
const w1v = Array.from({ length: ${N} }, (_, i) => (i % 3) - 1);
const w1 = (x: number[]) => { let s = 0; for (let i = 0; i < x.length - 1; i++) s += Math.sin(x[i]) * x[i + 1] + Math.exp(-x[i] * x[i]) / (1 + x[i] * x[i]); return s; };`);
  const [cellPlain, cellGrad, cellJvp] = cell("[() => w1(w1x), () => valueAndGrad(w1)(w1x), () => jvp(w1, [w1x], [w1v])]");
  const tCellPlain = time(cellPlain, { runs: 51 });
  const tCellGrad = time(cellGrad, { warmup: 15, runs: 31 });
  const tCellJvp = time(cellJvp, { warmup: 15, runs: 31 });
  const [cellValue, cellGradient] = cellGrad();
  const [value, gradient] = n.valueAndGrad(f)(x);
  if (Math.abs(cellValue - value) > 1e-9 * Math.abs(value) || cellGradient.some((g, i) => Math.abs(g - gradient[i]) > 1e-9)) throw new Error("W1 in a cell disagrees with the runtime calls");
  rows.push(["W1 plain loop in a cell", fmt(tPlain), fmt(tCellPlain), `${(tCellPlain / tPlain).toFixed(2)}×`, "-", "-"]);
  rows.push(["W1 value+grad (tape) in a cell", fmt(tPlain), fmt(tCellGrad), `${(tCellGrad / tPlain).toFixed(1)}×`, "-", "-"]);
  rows.push(["W1 directional derivative (duals) in a cell", fmt(tPlain), fmt(tCellJvp), `${(tCellJvp / tPlain).toFixed(1)}×`, "-", "-"]);
}

// ---- W2: the same function vectorised over 10⁶ elements ----------------------------------
{
  const N = 1_000_000;
  const x = n.randn([N], 1);
  const plain = (d) => {
    let s = 0;
    for (let i = 0; i < d.length - 1; i++) s += Math.sin(d[i]) * d[i + 1] + Math.exp(-d[i] * d[i]) / (1 + d[i] * d[i]);
    return s;
  };
  const f = (x) => {
    const a = n.slice(x, 0, -1);
    const b = n.slice(x, 1);
    const sq = n.mul(a, a);
    return n.sum(n.add(n.mul(n.sin(a), b), n.div(n.exp(n.neg(sq)), n.add(1, sq))));
  };
  const tPlain = time(() => plain(x.data), { runs: 9 });
  const tGrad = time(() => n.grad(f)(x), { runs: 9 });
  let tTf = "-";
  let tfRatio = "-";
  if (tf) {
    const xt = tf.tensor1d(Float32Array.from(x.data));
    const g = tf.grad((t) => {
      const a = t.slice(0, N - 1);
      const b = t.slice(1, N - 1);
      const sq = a.square();
      return a.sin().mul(b).add(sq.neg().exp().div(sq.add(1))).sum();
    });
    const t = time(() => tf.tidy(() => g(xt).dataSync()), { runs: 5, warmup: 1 });
    tTf = fmt(t);
    tfRatio = `${(t / tGrad).toFixed(1)}×`;
  }
  rows.push(["W2 gradient, 10⁶ elements (tensors)", fmt(tPlain), fmt(tGrad), `${(tGrad / tPlain).toFixed(1)}×`, tTf, tfRatio]);
}

// ---- W3: MLP 784-256-10, batch 64, sigmoid, squared loss ---------------------------------
{
  const [B, I, H, O] = [64, 784, 256, 10];
  const X = n.randn([B, I], 2);
  const Y = n.rand([B, O], 3);
  const W1 = n.mul(n.randn([I, H], 4), 0.05);
  const b1 = n.zeros([H]);
  const W2 = n.mul(n.randn([H, O], 5), 0.05);
  const b2 = n.zeros([O]);
  const loss = (W1, b1, W2, b2) => {
    const a1 = n.sigmoid(n.add(n.matmul(X, W1), b1));
    const a2 = n.sigmoid(n.add(n.matmul(a1, W2), b2));
    const d = n.sub(a2, Y);
    return n.mul(0.5, n.sum(n.mul(d, d)));
  };
  const gradAll = n.grad(loss, { argnums: [0, 1, 2, 3] });
  const tNabla = time(() => gradAll(W1, b1, W2, b2), { runs: 11 });
  // Hand-written backprop with the same kernels' loop order, no AD.
  const mm = (a, b, m, k, nn) => {
    const out = new Float64Array(m * nn);
    for (let i = 0; i < m; i++) for (let p = 0; p < k; p++) {
      const v = a[i * k + p];
      for (let j = 0; j < nn; j++) out[i * nn + j] += v * b[p * nn + j];
    }
    return out;
  };
  const tr = (a, r, c) => {
    const o = new Float64Array(r * c);
    for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) o[j * r + i] = a[i * c + j];
    return o;
  };
  const sig = (v) => v.map((z) => 1 / (1 + Math.exp(-z)));
  const hand = () => {
    const z1 = mm(X.data, W1.data, B, I, H);
    for (let i = 0; i < B; i++) for (let j = 0; j < H; j++) z1[i * H + j] += b1.data[j];
    const a1 = sig(z1);
    const z2 = mm(a1, W2.data, B, H, O);
    for (let i = 0; i < B; i++) for (let j = 0; j < O; j++) z2[i * O + j] += b2.data[j];
    const a2 = sig(z2);
    const d2 = a2.map((a, k) => (a - Y.data[k]) * a * (1 - a));
    const gW2 = mm(tr(a1, B, H), d2, H, B, O);
    const gb2 = new Float64Array(O);
    for (let k = 0; k < d2.length; k++) gb2[k % O] += d2[k];
    const d1 = mm(d2, tr(W2.data, H, O), B, O, H).map((g, k) => g * a1[k] * (1 - a1[k]));
    const gW1 = mm(tr(X.data, B, I), d1, I, B, H);
    const gb1 = new Float64Array(H);
    for (let k = 0; k < d1.length; k++) gb1[k % H] += d1[k];
    return [gW1, gb1, gW2, gb2];
  };
  const tHand = time(hand, { runs: 11 });
  const flops = 2 * 3 * (B * I * H + B * H * O);
  let tTf = "-";
  let tfRatio = "-";
  if (tf) {
    const Xt = tf.tensor2d(Float32Array.from(X.data), [B, I]);
    const Yt = tf.tensor2d(Float32Array.from(Y.data), [B, O]);
    const params = [tf.tensor2d(Float32Array.from(W1.data), [I, H]), tf.tensor1d(Float32Array.from(b1.data)), tf.tensor2d(Float32Array.from(W2.data), [H, O]), tf.tensor1d(Float32Array.from(b2.data))];
    const g = tf.grads((w1, c1, w2, c2) => {
      const a1 = Xt.matMul(w1).add(c1).sigmoid();
      const a2 = a1.matMul(w2).add(c2).sigmoid();
      return a2.sub(Yt).square().sum().mul(0.5);
    });
    const t = time(() => tf.tidy(() => g(params).forEach((x) => x.dataSync())), { runs: 7, warmup: 2 });
    tTf = fmt(t);
    tfRatio = `${(t / tNabla).toFixed(1)}×`;
  }
  rows.push([`W3 MLP gradient (${(flops / tNabla / 1e6).toFixed(2)} GFLOP/s)`, fmt(tHand), fmt(tNabla), `${(tNabla / tHand).toFixed(2)}×`, tTf, tfRatio]);
}

// ---- W4: 100×100 Jacobian of tanh(Wx + b) -------------------------------------------------
{
  const W = n.mul(n.randn([100, 100], 6), 0.1);
  const b = n.randn([100], 7);
  const x = n.randn([100], 8);
  const f = (x) => n.tanh(n.add(n.matmul(W, x), b));
  const plain = () => {
    const y = new Float64Array(100);
    for (let i = 0; i < 100; i++) {
      let s = b.data[i];
      for (let j = 0; j < 100; j++) s += W.data[i * 100 + j] * x.data[j];
      y[i] = Math.tanh(s);
    }
    return y;
  };
  const tPlain = time(plain, { runs: 51 });
  // Sub-millisecond workloads: warm up until the JIT has compiled them, then many runs.
  const tFwd = time(() => n.jacfwd(f)(x), { warmup: 50, runs: 101 });
  const tRev = time(() => n.jacrev(f)(x), { warmup: 50, runs: 101 });
  rows.push(["W4 jacfwd 100×100", fmt(tPlain), fmt(tFwd), `${(tFwd / tPlain).toFixed(0)}×`, "-", "-"]);
  rows.push(["W4 jacrev 100×100", fmt(tPlain), fmt(tRev), `${(tRev / tPlain).toFixed(0)}×`, "-", "-"]);
}

// ---- W5: dense Hessian of the 100-d Rosenbrock function -----------------------------------
{
  const x = Array.from({ length: 100 }, (_, i) => 0.5 + 0.01 * i);
  const { add, sub, mul } = n;
  const rosen = (x) => {
    let s = 0;
    for (let i = 0; i < x.length - 1; i++) {
      const a = sub(x[i + 1], mul(x[i], x[i]));
      const c = sub(1, x[i]);
      s = add(s, add(mul(100, mul(a, a)), mul(c, c)));
    }
    return s;
  };
  const plain = (x) => {
    let s = 0;
    for (let i = 0; i < x.length - 1; i++) s += 100 * (x[i + 1] - x[i] * x[i]) ** 2 + (1 - x[i]) ** 2;
    return s;
  };
  const tPlain = time(() => plain(x), { runs: 51 });
  const tH = time(() => n.hessian(rosen)(x), { warmup: 50, runs: 101 });
  rows.push(["W5 Hessian, 100-d Rosenbrock", fmt(tPlain), fmt(tH), `${(tH / tPlain).toFixed(0)}×`, "-", "-"]);
}

// ---- W6: ∂/∂X of logdet(X) + tr(A X⁻¹ B), 50×50 --------------------------------------------
{
  const m = 50;
  const R = n.randn([m, m], 9);
  const X = n.add(n.matmul(R, n.transpose(R)), n.mul(m, n.eye(m)));
  const A = n.randn([m, m], 10);
  const Bm = n.randn([m, m], 11);
  const f = (X) => n.add(n.logdet(X), n.trace(n.matmul(n.matmul(A, n.inv(X)), Bm)));
  const tPlain = time(() => f(X), { runs: 21 });
  const tVG = time(() => n.valueAndGrad(f)(X), { runs: 21 });
  rows.push(["W6 logdet + tr(AX⁻¹B), 50×50 (plain = Nabla's forward)", fmt(tPlain), fmt(tVG), `${(tVG / tPlain).toFixed(1)}×`, "no det/inv", "-"]);
}

table(rows);
