import { describe, expect, it } from "vitest";
import fc from "fast-check";
import * as n from "../../src/index";
import { Tensor } from "../../src/tensor/tensor";
import { close } from "../support/numeric";

/*
 * Random programs over the scalar and tensor primitives, f: ℝ³ → ℝ, differentiated to
 * second order. Each is checked against the other mode (⟨∇f, u⟩ = the directional
 * derivative; reverse over reverse = forward over reverse = forward over forward), against
 * itself (H = Hᵀ, hvp = H·v) and against central differences of its gradient (which is
 * exact to rounding, so the differences are accurate to ~1e-9).
 *
 * Every operation is smooth where the program can reach it: divisions by 2 + b², logs of
 * 1 + a², powers of 1 + a², norms of vectors kept away from 0. Kinks (maximum, where,
 * clip, max) are in; a random point lands on one with probability 0, but a finite
 * difference that straddles one is off, so their programs skip the check against central
 * differences when it fails — never the checks between modes.
 */
type V = n.Value;
const DIM = 3;

/** A value in a program: a scalar or a vector of DIM entries. */
interface Slot {
  readonly v: V;
  readonly vector: boolean;
}
const scalar = (v: V): Slot => ({ v, vector: false });
const vector = (v: V): Slot => ({ v, vector: true });
/** A scalar slot made a vector by broadcasting, so vector operations take any slot. */
const asVector = (s: Slot): V => (s.vector ? s.v : n.mul(s.v, n.ones([DIM])));
/** A vector slot made a scalar by a reduction, for operations that need one. */
const asScalar = (s: Slot): V => (s.vector ? n.sum(s.v) : s.v);

const M = n.tensor([[0.5, -1, 0.25], [1.5, 0.3, -0.7], [-0.2, 0.8, 1.1]]);

const UNARY: [string, (x: V) => V][] = [
  ["sin", n.sin], ["cos", n.cos], ["exp(sin x)", (x) => n.exp(n.sin(x))], ["tanh", n.tanh], ["neg", n.neg],
  ["sigmoid", n.sigmoid], ["softplus", n.softplus], ["square", (x) => n.mul(x, x)], ["atan", n.atan],
  ["log(1 + x²)", (x) => n.log(n.add(1, n.mul(x, x)))], ["sqrt(1 + x²)", (x) => n.sqrt(n.add(1, n.mul(x, x)))],
  ["asinh", n.asinh], ["log1p(x²)", (x) => n.log1p(n.mul(x, x))], ["expm1(sin x)", (x) => n.expm1(n.sin(x))],
  ["x³", (x) => n.pow(x, 3)], ["cosh(sin x)", (x) => n.cosh(n.sin(x))], ["cbrt(2 + x²)", (x) => n.cbrt(n.add(2, n.mul(x, x)))],
];
const BINARY: [string, (a: V, b: V) => V][] = [
  ["add", n.add], ["sub", n.sub], ["mul", n.mul], ["div", (a, b) => n.div(a, n.add(2, n.mul(b, b)))],
  ["atan2", (a, b) => n.atan2(a, n.add(1.5, n.mul(b, b)))], ["hypot", (a, b) => n.hypot(a, n.add(0.5, n.mul(b, b)))],
  ["pow", (a, b) => n.pow(n.add(1, n.mul(a, a)), n.mul(0.5, n.sin(b)))],
  ["maximum", n.maximum], ["minimum", n.minimum],
];
/** Operations that take slots and may change their kind (vector ↔ scalar). */
const STRUCTURAL: [string, (a: Slot, b: Slot) => Slot][] = [
  ["sum", (a) => scalar(asScalar(a))],
  ["mean", (a) => scalar(a.vector ? n.mean(a.v) : a.v)],
  ["logsumexp", (a) => scalar(n.logsumexp(asVector(a)))],
  ["softmax · b", (a, b) => vector(n.mul(n.softmax(asVector(a)), asVector(b)))],
  ["logSoftmax", (a) => vector(n.logSoftmax(asVector(a)))],
  ["norm(a + [1, 2, 3])", (a) => scalar(n.norm(n.add(asVector(a), n.tensor([1, 2, 3]))))],
  ["norm(a, 3)", (a) => scalar(n.norm(n.add(asVector(a), n.tensor([1, -2, 1.5])), 3))],
  ["dot", (a, b) => scalar(n.dot(asVector(a), asVector(b)))],
  ["M·a", (a) => vector(n.matmul(M, asVector(a)))],
  ["reverse", (a) => (a.vector ? vector(n.index(a.v, [[, , -1]])) : a)],
  ["roll by concat/slice", (a) => (a.vector ? vector(n.concat([n.slice(a.v, 1), n.slice(a.v, 0, 1)])) : a)],
  ["pack of elements", (a, b) => vector(n.pack([n.element(asVector(a), 2), asScalar(b), n.mul(n.element(asVector(a), 0), asScalar(b))], [DIM]))],
  ["stack, summed over axis 0", (a, b) => vector(n.sum(n.stack([asVector(a), n.mul(2, asVector(b))]), 0))],
  ["outer, summed over axis 1", (a, b) => vector(n.sum(n.outer(asVector(a), asVector(b)), 1))],
  ["norm of the rows of [a; b]", (a, b) => vector(n.concat([n.norm(n.add(n.stack([asVector(a), asVector(b)]), 1), 2, 1), n.tensor([0])]))],
  ["where(a > 0, a², b)", (a, b) => vector(n.where(n.gt(asVector(a), 0), n.mul(asVector(a), asVector(a)), asVector(b)))],
  ["clip", (a) => ({ v: n.clip(a.v, -0.8, 0.9), vector: a.vector })],
  ["max", (a) => scalar(n.max(asVector(a)))],
  ["x[i] as a number", (a) => scalar(n.element(asVector(a), 1))],
];
const KINKS = new Set(["maximum", "minimum", "where(a > 0, a², b)", "clip", "max"]);

type Step =
  | { kind: "unary"; op: number; a: number }
  | { kind: "binary"; op: number; a: number; b: number }
  | { kind: "structural"; op: number; a: number; b: number }
  | { kind: "constant"; op: number; a: number; c: number };

const steps: fc.Arbitrary<Step[]> = fc.array(
  fc.oneof(
    fc.record({ kind: fc.constant("unary" as const), op: fc.nat(UNARY.length - 1), a: fc.nat() }),
    fc.record({ kind: fc.constant("binary" as const), op: fc.nat(BINARY.length - 1), a: fc.nat(), b: fc.nat() }),
    fc.record({ kind: fc.constant("structural" as const), op: fc.nat(STRUCTURAL.length - 1), a: fc.nat(), b: fc.nat() }),
    fc.record({ kind: fc.constant("constant" as const), op: fc.nat(BINARY.length - 1), a: fc.nat(), c: fc.double({ min: -2, max: 2, noNaN: true }) }),
  ),
  { minLength: 1, maxLength: 8 },
);
const point = fc.array(fc.double({ min: -1.5, max: 1.5, noNaN: true }), { minLength: DIM, maxLength: DIM });

/** The program as f(x) for x a vector of DIM entries, and whether it has a kink. */
function build(program: Step[]): { f: (x: V) => V; kinked: boolean; describe: string } {
  const names: string[] = [];
  let kinked = false;
  for (const s of program) {
    const name = s.kind === "unary" ? UNARY[s.op][0] : s.kind === "structural" ? STRUCTURAL[s.op][0] : BINARY[s.op][0];
    names.push(s.kind === "constant" ? `${name}(·, ${s.c})` : name);
    if (KINKS.has(name)) kinked = true;
  }
  const f = (x: V): V => {
    const slots: Slot[] = [vector(x)];
    const pick = (k: number) => slots[k % slots.length];
    for (const s of program) {
      const a = pick(s.a);
      if (s.kind === "unary") slots.push({ v: UNARY[s.op][1](a.v), vector: a.vector });
      else if (s.kind === "constant") slots.push({ v: BINARY[s.op][1](a.v, s.c), vector: a.vector });
      else if (s.kind === "binary") {
        const b = pick(s.b);
        slots.push({ v: BINARY[s.op][1](a.v, b.v), vector: a.vector || b.vector });
      } else slots.push(STRUCTURAL[s.op][1](a, pick(s.b)));
    }
    // The last value and one from the middle (a value used by two consumers), to a scalar.
    return n.add(asScalar(slots[slots.length - 1]), n.mul(0.3, asScalar(slots[Math.floor(slots.length / 2)])));
  };
  return { f, kinked, describe: names.join(" → ") };
}

/** The numbers of a number, a Tensor or nested arrays, in row-major order. */
const flat = (v: unknown): number[] => (typeof v === "number" ? [v] : v instanceof Tensor ? Array.from(v.data) : (v as unknown[]).flatMap(flat));

describe("random programs over scalar and tensor primitives, to second order", () => {
  it("forward = reverse: ⟨∇f, u⟩ is the directional derivative, for a Tensor and for an array argument", () => {
    fc.assert(
      fc.property(steps, point, point, (program, x, u) => {
        const { f } = build(program);
        const g = flat(n.grad(f)(n.tensor(x)));
        const [, along] = n.jvp(f, [n.tensor(x)], [n.tensor(u)]);
        close(g.reduce((s, gi, i) => s + gi * u[i], 0), along as number, 1e-9);
        // An array argument reaches the same operations through x[i]-free code: the same gradient.
        close(n.grad((xs: V) => f(n.pack(xs as never, [DIM])))(x), g, 1e-12);
      }),
      { numRuns: Number(process.env.PROGRAM_RUNS ?? 120), seed: Number(process.env.PROGRAM_SEED ?? 20261130) },
    );
  });

  it("the Hessian: reverse over reverse = forward over reverse = forward over forward, symmetric; hvp = H·v; = central differences of the gradient", () => {
    const runs = Number(process.env.PROGRAM_RUNS ?? 80);
    let againstDifferences = 0;
    fc.assert(
      fc.property(steps, point, point, (program, x, v) => {
        const { f, kinked, describe } = build(program);
        const X = n.tensor(x);
        const rr = flat(n.hessian(f)(X));
        // x ↦ x² eight times overflows; anything else that is not finite is a wrong rule.
        if (!rr.every(Number.isFinite)) {
          const big = [f(X) as number, ...flat(n.grad(f)(X))].some((e) => !(Math.abs(e) < 1e30));
          expect(big, `${describe}: a Hessian of ${rr} at ${x}, where f and ∇f are moderate`).toBe(true);
          return;
        }
        const fr = flat(n.hessian(f, { mode: "forward-over-reverse" })(X));
        const ff = flat(n.jacfwd(n.jacfwd(f))(X));
        const rf = flat(n.jacrev(n.jacfwd(f))(X));
        close(fr, rr, 1e-10, `${describe}: forward over reverse`);
        close(ff, rr, 1e-10, `${describe}: forward over forward`);
        close(rf, rr, 1e-10, `${describe}: reverse over forward`);
        for (let i = 0; i < DIM; i++) for (let j = 0; j < i; j++) close(rr[i * DIM + j], rr[j * DIM + i], 1e-10, `${describe}: H[${i}][${j}]`);
        const Hv = Array.from({ length: DIM }, (_, i) => v.reduce((s, vj, j) => s + rr[i * DIM + j] * vj, 0));
        close(flat(n.hvp(f)(X, n.tensor(v))), Hv, 1e-10, `${describe}: hvp`);
        // Central differences of the gradient, column by column, with a Richardson step
        // (error O(h⁴)) at two step sizes: their difference bounds the truncation error,
        // which a program with x³ feeding a sine makes large, while a wrong rule is off by O(1).
        const gradAt = (p: number[]) => flat(n.grad(f)(n.tensor(p)));
        const centralColumn = (j: number, h: number) => {
          const plus = x.slice();
          const minus = x.slice();
          plus[j] += h;
          minus[j] -= h;
          const gm = gradAt(minus);
          return gradAt(plus).map((p, i) => (p - gm[i]) / (2 * h));
        };
        const scale = Math.max(1, ...rr.map(Math.abs));
        // sin((2x)³) and its kin vary on a scale far below h; the modes were compared above.
        if (scale > 1e4) return;
        for (let j = 0; j < DIM; j++) {
          const [c4, c2, c1] = [4e-3, 2e-3, 1e-3].map((h) => centralColumn(j, h));
          const coarse = c2.map((c, i) => (4 * c - c4[i]) / 3);
          const fine = c1.map((c, i) => (4 * c - c2[i]) / 3);
          const exact = rr.filter((_, k) => k % DIM === j);
          const gap = Math.max(...fine.map((c, i) => Math.abs(c - exact[i]) - 4 * Math.abs(c - coarse[i])));
          // A difference across a kink is off by about the jump in the gradient over 2h.
          if (kinked && gap >= 1e-7 * scale) return;
          expect(gap, `${describe}: column ${j} of the Hessian against central differences at ${x}`).toBeLessThan(1e-7 * scale);
        }
        againstDifferences++;
      }),
      { numRuns: runs, seed: Number(process.env.PROGRAM_SEED ?? 20261201) },
    );
    // Most programs are tame enough for central differences (so this test is not vacuous).
    expect(againstDifferences).toBeGreaterThan(runs * 0.7);
  });

  it("scalar programs of one variable: derivative(f, k) = k nested derivatives of every mode = central differences of the (k−1)-th, k ≤ 4", () => {
    // The same operations on plain scalars, each as its own tape entry or dual number.
    const scalarOps = [...UNARY.map(([name, op]) => [name, (a: V) => op(a)] as const), ...BINARY.map(([name, op]) => [name, op] as const)];
    const program = fc.array(fc.record({ op: fc.nat(scalarOps.length - 1), a: fc.nat(), b: fc.nat() }), { minLength: 1, maxLength: 6 });
    const nestings: [string, (g: (t: V) => V) => (t: V) => V][] = [
      ["derivative", (g) => n.derivative(g) as never],
      ["grad", (g) => n.grad(g) as never],
      ["jacfwd", (g) => n.jacfwd(g) as never],
      ["jacrev", (g) => (t) => (n.jacrev((v: V[]) => [g(v[0])])([t as never]) as V[][])[0][0]],
    ];
    let againstDifferences = 0;
    fc.assert(
      fc.property(program, fc.double({ min: -1.5, max: 1.5, noNaN: true }), (ops, x) => {
        const names = ops.map((o) => scalarOps[o.op][0]);
        const describe = names.join(" → ");
        const kinked = names.some((name) => KINKS.has(name));
        const f = (t: V): V => {
          const values: V[] = [t];
          for (const o of ops) {
            const op = scalarOps[o.op][1] as (a: V, b: V) => V;
            values.push(op(values[o.a % values.length], values[o.b % values.length]));
          }
          return n.add(values[values.length - 1], n.mul(0.3, values[Math.floor(values.length / 2)]));
        };
        const byOrder: number[] = [f(x) as number];
        for (let k = 1; k <= 4; k++) {
          const direct = n.derivative(f, k)(x) as number;
          byOrder.push(direct);
          if (!Number.isFinite(direct)) {
            expect(Math.abs(byOrder[k - 1]) > 1e30 || !Number.isFinite(byOrder[k - 1]), `${describe}: order ${k} is ${direct} at ${x}`).toBe(true);
            return;
          }
          for (const [name, D] of nestings) {
            let g = f;
            for (let i = 0; i < k; i++) g = D(g);
            close(g(x), direct, 1e-9, `${describe}: ${name} nested ${k} times at ${x}`);
          }
        }
        // Central differences of each order below, with a Richardson step, as above.
        const scale = Math.max(1, ...byOrder.map(Math.abs));
        if (scale > 1e4) return;
        for (let k = 1; k <= 4; k++) {
          const lower = (t: number) => (k === 1 ? (f(t) as number) : (n.derivative(f, k - 1)(t) as number));
          const central = (h: number) => (lower(x + h) - lower(x - h)) / (2 * h);
          const [c4, c2, c1] = [4e-3, 2e-3, 1e-3].map(central);
          const coarse = (4 * c2 - c4) / 3;
          const fine = (4 * c1 - c2) / 3;
          const gap = Math.abs(fine - byOrder[k]) - 4 * Math.abs(fine - coarse);
          if (kinked && gap >= 1e-7 * scale) return;
          expect(gap, `${describe}: order ${k} against central differences at ${x}`).toBeLessThan(1e-7 * scale);
        }
        againstDifferences++;
      }),
      { numRuns: Number(process.env.PROGRAM_RUNS ?? 80), seed: Number(process.env.PROGRAM_SEED ?? 20261202) },
    );
    expect(againstDifferences).toBeGreaterThan(Number(process.env.PROGRAM_RUNS ?? 80) * 0.6);
  });
});
