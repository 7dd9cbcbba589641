import { describe, expect, it } from "vitest";
import fc from "fast-check";
import * as n from "../../src/index";
import { Tensor } from "../../src/tensor/tensor";
import { close, rng } from "../support/numeric";
import { argumentsRead, fusionStats, MAX_FUSED_NODES, MIN_FUSED_SIZE } from "../../src/reverse/fused-runs";

/*
 * grad and vjp sweep runs of elementwise operations on arrays in one compiled loop
 * (src/reverse/fused-runs.ts); backward(y) by hand sweeps node by node. Both must give the
 * same gradient to the last bit, on any composition — shared subexpressions, constants as
 * numbers and as one-element tensors, a value used twice by one operation, intermediates
 * also used outside the run, dead branches — and agree with forward mode.
 */
type V = n.Value;

/** The gradient node by node: variable(), backward(), .grad — never fused. */
function unfusedGrad(f: (x: V) => V, x: Tensor): number[] {
  const v = n.variable(x);
  n.backward(f(v));
  return Array.from((v.grad as Tensor).data);
}

const fusedGrad = (f: (x: V) => V, x: Tensor): number[] => Array.from((n.grad(f)(x) as Tensor).data);

/** Runs body and returns how many nodes backward fused meanwhile (so no test here passes vacuously). */
function fusedNodes(body: () => void): number {
  const before = fusionStats.nodes;
  body();
  return fusionStats.nodes - before;
}

const r = rng(11);
const sample = (k = MIN_FUSED_SIZE + 3) => n.tensor(Array.from({ length: k }, () => r() * 1.6 - 0.8 + 0.05));

type Build = (vars: V[]) => V;
const UNARY: [string, (x: V) => V][] = [
  ["sin", n.sin], ["cos", n.cos], ["exp", n.exp], ["tanh", n.tanh], ["neg", n.neg], ["sigmoid", n.sigmoid],
  ["softplus", n.softplus], ["square", (x) => n.mul(x, x)], ["log1p∘abs", (x) => n.log1p(n.abs(x))],
];
const BINARY: [string, (a: V, b: V) => V][] = [
  ["add", n.add], ["sub", n.sub], ["mul", n.mul], ["div", (a, b) => n.div(a, n.add(2, n.mul(b, b)))], ["atan2", n.atan2], ["hypot", n.hypot],
];

/** A random elementwise program over the input: each step applies an operation to earlier values or constants. */
const program = fc.array(
  fc.oneof(
    fc.record({ kind: fc.constant("unary" as const), op: fc.nat(UNARY.length - 1), a: fc.nat() }),
    fc.record({ kind: fc.constant("binary" as const), op: fc.nat(BINARY.length - 1), a: fc.nat(), b: fc.nat() }),
    fc.record({ kind: fc.constant("constant" as const), op: fc.nat(BINARY.length - 1), a: fc.nat(), c: fc.double({ min: 0.2, max: 2, noNaN: true }), asTensor: fc.boolean() }),
  ),
  { minLength: 1, maxLength: 9 },
);

function build(steps: fc.RecordValue<{ kind: string }>[] & { kind: string; op: number; a: number; b?: number; c?: number; asTensor?: boolean }[]): (x: V) => V {
  return (x) => {
    const values: V[] = [x];
    for (const s of steps) {
      const a = values[s.a % values.length];
      if (s.kind === "unary") values.push(UNARY[s.op][1](a));
      else if (s.kind === "binary") values.push(BINARY[s.op][1](a, values[(s.b ?? 0) % values.length]));
      else values.push(BINARY[s.op][1](a, s.asTensor ? n.tensor([s.c as number]) : (s.c as number)));
    }
    // The last value through the run, plus an intermediate summed on its own (a consumer outside the run).
    return n.add(n.sum(values[values.length - 1]), n.mul(0.5, n.sum(values[Math.floor(values.length / 2)])));
  };
}

describe("backward through fused runs of elementwise operations", () => {
  it("random elementwise programs: fused gradient = node-by-node gradient, bit for bit; = forward mode", () => {
    let fused = 0;
    fc.assert(
      fc.property(program, (steps) => {
        const f = build(steps as never);
        const x = sample();
        let g: number[] = [];
        fused += fusedNodes(() => (g = fusedGrad(f, x)));
        expect(g).toEqual(unfusedGrad(f, x));
        // Forward mode along a random direction u: ⟨∇f, u⟩ = the directional derivative.
        const u = sample();
        const [, along] = n.jvp(f, [x], [u]);
        close(g.reduce((acc, gi, i) => acc + gi * u.data[i], 0), along as number, 1e-9);
      }),
      { numRuns: Number(process.env.FUSED_RUNS ?? 150), seed: Number(process.env.FUSED_SEED ?? 20261130) },
    );
    expect(fused).toBeGreaterThan(150);
  });

  it("the vectorised W2 function: fused = unfused = central differences", () => {
    const f = (x: V) => {
      const a = n.slice(x, 0, -1);
      const b = n.slice(x, 1);
      const sq = n.mul(a, a);
      return n.sum(n.add(n.mul(n.sin(a), b), n.div(n.exp(n.neg(sq)), n.add(1, sq))));
    };
    const x = sample();
    let fused: number[] = [];
    // The eight elementwise nodes and the sum that ends them.
    expect(fusedNodes(() => (fused = fusedGrad(f, x)))).toBe(9);
    expect(fused).toEqual(unfusedGrad(f, x));
    expect(n.checkGrad(f, x).ok).toBe(true);
  });

  it("a sum ending the run: with keepDims, scaled, as a mean, and over an axis (not fused) — all bit for bit", () => {
    const X = n.fromFunction([40, 32], (i, j) => Math.cos(i - 3 * j) * 0.9);
    const body = (x: V) => n.mul(n.tanh(x), n.exp(n.neg(x)));
    const cases: [string, (x: V) => V, number][] = [
      ["sum", (x) => n.sum(body(x)), 5],
      ["sum, keepDims", (x) => n.sum(n.sum(body(x), undefined, true)), 5],
      ["3·sum", (x) => n.mul(3, n.sum(body(x))), 5],
      ["mean", (x) => n.mean(body(x)), 5],
      ["sum over axis 0 (the sum not fused)", (x) => n.sum(n.sum(body(x), 0)), 4],
    ];
    for (const [name, f, nodes] of cases) {
      let fused: number[] = [];
      expect(fusedNodes(() => (fused = fusedGrad(f, X))), name).toBe(nodes);
      expect(fused, name).toEqual(unfusedGrad(f, X));
      // d/dx tanh(x)e⁻ˣ = (1 − tanh²x − tanh x)e⁻ˣ, times the reduction's weight.
      const weight = name === "3·sum" ? 3 : name === "mean" ? 1 / X.data.length : 1;
      close(fused, Array.from(X.data, (x) => weight * (1 - Math.tanh(x) ** 2 - Math.tanh(x)) * Math.exp(-x)), 1e-12, name);
    }
  });

  it("every rule's partials ignore exactly the arguments their parameter lists mark unused (the fused loop does not load those)", async () => {
    // Loaded lazily, after the runtime: a rule module imported first would break its import cycle.
    const modules = import.meta.glob("../../src/rules/*.ts") as Record<string, () => Promise<Record<string, unknown>>>;
    let checked = 0;
    for (const [file, load] of Object.entries(modules)) {
      const exports = await load();
      for (const rule of Object.values(exports) as { name?: string; fn?: (...a: number[]) => number; partial?: unknown; partialA?: unknown; partialB?: unknown }[]) {
        if (typeof rule?.fn !== "function") continue;
        const partials = [rule.partial, rule.partialA, rule.partialB].filter((p) => typeof p === "function") as ((...a: number[]) => number)[];
        for (const partial of partials) {
          const operands = rule.partial !== undefined ? 1 : 2;
          const read = argumentsRead(partial, operands + 1);
          let informative = 0;
          for (const point of [[0.3, 1.7], [0.7, 0.4], [1.3, 2.5], [-0.6, 1.1]]) {
            const args = [...point.slice(0, operands)];
            args.push(rule.fn(...args));
            const real = partial(...args) as number;
            if (Number.isNaN(real)) continue;
            informative++;
            const masked = args.map((a, q) => (read[q] ? a : NaN));
            expect(Object.is(partial(...masked), real), `${file} ${rule.name} at ${args}: reads an argument marked unused`).toBe(true);
          }
          expect(informative, `${file} ${rule.name}: no point in its domain`).toBeGreaterThan(0);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(50);
  });

  it("a variable broadcast into the run (a scalar parameter) and matrices: still the same gradient", () => {
    const f = (p: V[]) => {
      const [s, X] = p;
      return n.sum(n.tanh(n.mul(n.exp(n.mul(s, X)), n.cos(X))));
    };
    const X = n.fromFunction([32, 40], (i, j) => Math.sin(i + 2 * j));
    let g: V[] = [];
    // s·X broadcasts a variable (not fused); exp, cos, mul, tanh and the sum after it are.
    expect(fusedNodes(() => (g = n.grad((s: V, M: V) => f([s, M]), { argnums: [0, 1] })(0.8, X) as V[]))).toBe(5);
    const sv = n.variable(0.8);
    const Xv = n.variable(X);
    n.backward(f([sv, Xv]));
    expect(g[0]).toBe(sv.grad);
    expect(Array.from((g[1] as Tensor).data)).toEqual(Array.from((Xv.grad as Tensor).data));
  });

  it("vjp's pullback, called twice, fuses too and gives the node-by-node cotangents", () => {
    const f = (x: V) => n.mul(n.sin(x), n.exp(n.neg(x)));
    const x = sample();
    const [, pullback] = n.vjp(f, x);
    const ct = n.mul(sample(), 3) as Tensor;
    let once: number[] = [];
    expect(fusedNodes(() => (once = Array.from(((pullback(ct) as V[])[0] as Tensor).data)))).toBeGreaterThan(0);
    const twice = Array.from(((pullback(ct) as V[])[0] as Tensor).data);
    const v = n.variable(x);
    n.backward(f(v), ct);
    expect(once).toEqual(Array.from((v.grad as Tensor).data));
    expect(twice).toEqual(once);
  });

  it("a run longer than one compiled loop takes (a loop of tensor operations) is fused in pieces", () => {
    const f = (x: V) => {
      let y = x;
      for (let k = 0; k < MAX_FUSED_NODES; k++) y = n.add(n.mul(n.sin(y), 0.9), n.mul(x, 0.1));
      return n.sum(y);
    };
    const x = sample();
    let fused: number[] = [];
    // 5 operations per step (sin, mul, mul, add, plus the first step's): pieces of at most MAX_FUSED_NODES.
    expect(fusedNodes(() => (fused = fusedGrad(f, x)))).toBeGreaterThan(2 * MAX_FUSED_NODES);
    expect(fused).toEqual(unfusedGrad(f, x));
    const u = sample();
    close(fused.reduce((acc, g, i) => acc + g * u.data[i], 0), n.jvp(f, [x], [u])[1] as number, 1e-9);
  });

  it("small arrays are swept node by node", () => {
    expect(fusedNodes(() => n.grad((x: V) => n.sum(n.exp(n.sin(x))))(n.tensor([1, 2, 3])))).toBe(0);
  });

  it("overlapping slices add their cotangents into their input's in place: right values, and no array anyone else holds is changed", () => {
    // y = Σ_k w_k · x[k : k + m] for three windows, and x itself; ∂(⟨seed, y⟩)/∂x by hand.
    for (const size of [12, MIN_FUSED_SIZE + 8]) {
      const m = size - 4;
      const x0 = sample(size);
      const seed = sample(m);
      const seedCopy = Array.from(seed.data);
      const x = n.variable(x0);
      const windows = [0, 1, 4].map((k) => n.slice(x, k, k + m));
      // windows[1] used twice: its second contribution must not be added into the seed it first received.
      const y = n.add(n.add(n.add(n.mul(2, windows[0]), windows[1]), n.add(windows[2], n.slice(x, 2, 2 + m))), windows[1]);
      n.backward(y, seed);
      const expected = new Array(size).fill(0);
      for (let j = 0; j < m; j++) {
        expected[j] += 2 * seed.data[j];
        expected[j + 1] += 2 * seed.data[j];
        expected[j + 4] += seed.data[j];
        expected[j + 2] += seed.data[j];
      }
      close(Array.from((x.grad as Tensor).data), expected, 1e-15);
      expect(Array.from(seed.data)).toEqual(seedCopy);
      // Each window's own cotangent is still what flowed into it.
      close(Array.from((windows[1].grad as Tensor).data), seedCopy.map((s) => 2 * s), 0);
      close(Array.from((windows[0].grad as Tensor).data), seedCopy.map((s) => 2 * s), 0);
      // The same through grad (fused where the arrays are long) and forward mode.
      const f = (v: V) => n.sum(n.mul(seed, n.add(n.add(n.mul(2, n.slice(v, 0, m)), n.mul(2, n.slice(v, 1, 1 + m))), n.add(n.slice(v, 4, 4 + m), n.slice(v, 2, 2 + m)))));
      close(Array.from((n.grad(f)(x0) as Tensor).data), expected, 1e-15);
      const u = sample(size);
      close(n.jvp(f, [x0], [u])[1], expected.reduce((acc, e, i) => acc + e * u.data[i], 0), 1e-12);
    }
  });

  it("slices' cotangents written straight into their input's adjoint only where the sums keep their order: every case bit for bit", () => {
    const m = MIN_FUSED_SIZE + 40;
    const x0 = sample(m + 3);
    const body = (a: V, b: V): V => n.add(n.mul(n.sin(a), b), n.div(n.exp(n.neg(n.mul(a, a))), n.add(1, n.mul(a, a))));
    // [case, f, slices written straight into x's adjoint]
    const cases: [string, (x: V) => V, number][] = [
      ["W2: x[:-1] then x[1:]", (x) => n.sum(body(n.slice(x, 0, -1), n.slice(x, 1))), 2],
      ["the later slice at the smaller offset", (x) => { const b = n.slice(x, 1); const a = n.slice(x, 0, -1); return n.sum(body(a, b)); }, 0],
      ["one slice", (x) => n.sum(n.mul(n.sin(n.slice(x, 2)), n.slice(x, 2))), 1],
      ["three slices of one input, made before the run", (x) => { const [a, b, c] = [n.slice(x, 0, -2), n.slice(x, 1, -1), n.slice(x, 2)]; return n.sum(n.mul(body(a, b), c)); }, 0],
      // x[2:] is made after body's run, so it ends a run of its own (written straight into x's new adjoint); then body's two slices find x's adjoint begun.
      ["three slices of one input, the last made after two runs", (x) => n.sum(n.mul(body(n.slice(x, 0, -2), n.slice(x, 1, -1)), n.slice(x, 2))), 1],
      ["the input also read by the run", (x) => { const b = n.slice(x, 0); return n.sum(n.mul(n.sin(x), b)); }, 0],
      ["the input read before the run", (x) => n.sum(n.mul(n.sin(x), n.slice(x, 0))), 1],
      ["a slice with another consumer still to sweep", (x) => { const a = n.slice(x, 0, -1); const s = n.sum(n.cos(a)); return n.add(s, n.sum(body(a, n.slice(x, 1)))); }, 1],
      ["the input with a consumer made before the slices (swept after them either way)", (x) => { const s = n.sum(n.mul(x, x)); return n.add(s, n.sum(body(n.slice(x, 0, -1), n.slice(x, 1)))); }, 2],
      ["the input with a consumer made between the slices", (x) => { const a = n.slice(x, 0, -1); const s = n.sum(n.mul(x, x)); return n.add(s, n.sum(body(a, n.slice(x, 1)))); }, 0],
      ["the input's adjoint already begun: one slice adds to it", (x) => n.add(n.sum(n.mul(n.exp(n.slice(x, 1)), 2)), n.sum(n.mul(x, x))), 1],
      ["the input's adjoint already begun: two slices do not", (x) => n.add(n.sum(body(n.slice(x, 0, -1), n.slice(x, 1))), n.sum(n.mul(x, x))), 0],
    ];
    for (const [name, f, routed] of cases) {
      const before = fusionStats.blocks;
      let fused: number[] = [];
      expect(fusedNodes(() => (fused = fusedGrad(f, x0))), name).toBeGreaterThan(0);
      expect(fusionStats.blocks - before, name).toBe(routed);
      expect(fused, name).toEqual(unfusedGrad(f, x0));
      expect(n.checkGrad(f, x0).ok, name).toBe(true);
    }
  });

  it("an intermediate's own .grad after backward by hand is complete (backward never fuses)", () => {
    const x = n.variable(n.tensor([0.3, -0.2]));
    const a = n.sin(x);
    const b = n.mul(a, a);
    n.backward(n.sum(n.exp(b)));
    // ∂/∂a of Σ exp(a²) = 2a·exp(a²)
    const av = (a as n.Var).value as Tensor;
    Array.from(((a as n.Var).grad as Tensor).data).forEach((g, i) => close(g, 2 * av.data[i] * Math.exp(av.data[i] ** 2), 1e-14));
  });
});
