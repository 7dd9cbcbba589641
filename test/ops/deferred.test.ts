import { describe, expect, it } from "vitest";
import fc from "fast-check";
import * as n from "../../src/index";
import { Tensor } from "../../src/tensor/tensor";
import { MAX_PENDING, MIN_DEFERRED_SIZE, canDefer } from "../../src/tensor/deferred";
import { binaryOp, unaryOp, type BinaryRule, type UnaryRule } from "../../src/core/elementwise";
import { close, rng } from "../support/numeric";

/*
 * Inside a differentiation, elementwise results on large arrays are computed when read, or
 * never, where a sum or backward's fused loop computes them element by element
 * (src/tensor/deferred.ts). Whatever computes them, every element must be the one the eager
 * operation gives, to the last bit, and gradients must not change.
 */
type V = n.Value;
const r = rng(29);
const SIZE = MIN_DEFERRED_SIZE + 5;
const sample = (lo: number, hi: number, k = SIZE): Tensor => n.tensor(Array.from({ length: k }, () => lo + (hi - lo) * r())) as Tensor;

/** Bitwise equality of two arrays, NaN and −0 included, with the first difference in the message. */
function expectSameBits(actual: Float64Array, expected: Float64Array, what: string): void {
  expect(actual.length, what).toBe(expected.length);
  const k = expected.findIndex((e, i) => !Object.is(e, actual[i]));
  expect(k, `${what}: element ${k} is ${actual[k]}, eagerly ${expected[k]}`).toBe(-1);
}

/** The pending state of a captured tape value (null once computed). */
const pendingOf = (v: V): unknown => ((v as n.Var).value as Tensor).pending;

/** Each rule's operands: inside its domain, some of them outside (NaN must come out the same). */
function domainOf(name: string): [number, number] {
  if (name === "acosh") return [0.5, 3];
  if (name === "atanh" || name === "asin" || name === "acos") return [-1.2, 1.2];
  if (name === "log" || name === "log2" || name === "log10" || name === "sqrt") return [-0.3, 2.5];
  // Negative bases are compared elsewhere: the tensor form of pow's y-partial is NaN·0 there, the number form 0.
  if (name === "pow") return [0.05, 2.5];
  return [-2.5, 2.5];
}

async function rules(): Promise<(UnaryRule | BinaryRule)[]> {
  // Loaded lazily, after the runtime: a rule module imported first would break its import cycle.
  const modules = import.meta.glob("../../src/rules/*.ts") as Record<string, () => Promise<Record<string, unknown>>>;
  const found: (UnaryRule | BinaryRule)[] = [];
  for (const load of Object.values(modules)) {
    for (const rule of Object.values(await load()) as (UnaryRule | BinaryRule)[]) if (typeof rule?.fn === "function") found.push(rule);
  }
  return found;
}

describe("elementwise results computed when read", () => {
  it("every rule, on a tape: the value read, the value summed and the gradient are the eager ones, bit for bit", async () => {
    const all = await rules();
    expect(all.length).toBeGreaterThan(35);
    for (const rule of all) {
      const [lo, hi] = domainOf(rule.name);
      if ("partial" in rule) {
        const op = unaryOp(rule) as (x: V) => V;
        const X = sample(lo, hi);
        const eager = op(X) as Tensor;
        let inner: V = 0;
        const [value, g] = n.valueAndGrad((x: V) => n.sum((inner = op(x))))(X) as [number, Tensor];
        // The sum computed the elements without making the array, except where it keeps them for backward.
        expect(pendingOf(inner) === null, rule.name).toBe(rule.cheap !== true);
        expect(Object.is(value, n.sum(eager)), `${rule.name}: sum`).toBe(true);
        expectSameBits(((inner as n.Var).value as Tensor).data, eager.data, `${rule.name}: value read afterwards`);
        // ∂/∂xᵢ Σ f(x) = f′(xᵢ): the rule's own partial, evaluated eagerly on the arrays.
        const partial = rule.partial(X, eager);
        expectSameBits(g.data, (partial instanceof Tensor ? partial : (n.full(X.shape, partial as number) as Tensor)).data, `${rule.name}: gradient`);
      } else {
        const op = binaryOp(rule) as (a: V, b: V) => V;
        const A = sample(lo, hi);
        const B = sample(0.3, 2.2);
        for (const [label, a, b] of [["arrays", A, B], ["array, number", A, 1.7], ["number, array", 1.3, B]] as [string, V, V][]) {
          const eager = op(a, b) as Tensor;
          const gradients = n.grad((x: V, y: V) => n.sum(op(x, y)), { argnums: [0, 1] })(a, b) as V[];
          const expected = [rule.partialA(a, b, eager), rule.partialB(a, b, eager)];
          for (const q of [0, 1]) {
            const got = gradients[q];
            const want = expected[q];
            if (got instanceof Tensor) expectSameBits(got.data, (want instanceof Tensor ? want : n.full(eager.shape, want as number)).data, `${rule.name} (${label}): ∂/∂${"ab"[q]}`);
            else close(got, n.sum(n.mul(want, n.ones(eager.shape))), 1e-9, `${rule.name} (${label}): ∂/∂${"ab"[q]}`);
          }
          let inner: V = 0;
          n.grad((x: V) => n.sum((inner = op(x, b))))(a);
          if (a instanceof Tensor) expectSameBits(((inner as n.Var).value as Tensor).data, eager.data, `${rule.name} (${label}): value`);
        }
      }
    }
  });

  it("random elementwise programs: every intermediate read inside grad is the eager value, bit for bit, and the gradient matches forward mode", () => {
    const UNARY: ((x: V) => V)[] = [n.sin, n.exp, n.tanh, n.neg, n.sigmoid, n.softplus, (x) => n.mul(x, x), (x) => n.log1p(n.abs(x)), n.relu];
    const BINARY: ((a: V, b: V) => V)[] = [n.add, n.sub, n.mul, (a, b) => n.div(a, n.add(2, n.mul(b, b))), n.atan2, n.maximum];
    const step = fc.record({ unary: fc.boolean(), op: fc.nat(20), a: fc.nat(), b: fc.nat(), constant: fc.option(fc.double({ min: -2, max: 2, noNaN: true })) });
    const X = sample(-1.5, 1.5);
    const U = sample(-1, 1);
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 45 }), fc.nat(3), (steps, reader) => {
        const run = (x: V): V[] => {
          const values: V[] = [x];
          for (const s of steps) {
            const a = values[s.a % values.length];
            const b = s.constant ?? values[s.b % values.length];
            values.push(s.unary ? UNARY[s.op % UNARY.length](a) : BINARY[s.op % BINARY.length](a, b));
          }
          return values;
        };
        const eager = run(X) as Tensor[];
        let seen: V[] = [];
        // Different readers: a sum, a read of .data in the middle, a product with a matrix.
        const f = (x: V): V => {
          seen = run(x);
          const last = seen[seen.length - 1];
          if (reader === 1) void ((seen[Math.floor(seen.length / 2)] as n.Var).value as Tensor).data;
          if (reader === 2) return n.sum(n.matmul(n.reshape(last, [1, SIZE]), n.ones([SIZE, 1])));
          if (reader === 3) return n.add(n.sum(last), n.mean(seen[1]));
          return n.sum(last);
        };
        const g = n.grad(f)(X) as Tensor;
        seen.forEach((v, k) => expectSameBits(((v instanceof n.Var ? v.value : v) as Tensor).data, eager[k].data, `value ${k}`));
        const [, tangent] = n.jvp(f, [X], [U]) as [number, number];
        close(n.dot(g, U), tangent, 1e-9, "⟨∇f, u⟩ against forward mode");
      }),
      { numRuns: 60 },
    );
  });

  it("W2's arithmetic intermediates are never made, and sin and exp are stored by the sum's loop for backward", () => {
    const X = sample(-2, 2, 20_000);
    const captured: [string, V][] = [];
    const keep = (name: string, v: V): V => (captured.push([name, v]), v);
    const f = (x: V): V => {
      const a = n.slice(x, 0, -1);
      const b = n.slice(x, 1);
      const sq = keep("a²", n.mul(a, a));
      return n.sum(keep("+", n.add(keep("sin·b", n.mul(keep("sin", n.sin(a)), b)), keep("÷", n.div(keep("exp", n.exp(keep("−a²", n.neg(sq)))), keep("1+a²", n.add(1, sq)))))));
    };
    const g = n.grad(f)(X) as Tensor;
    expect(captured.length).toBe(8);
    for (const [name, v] of captured) expect(pendingOf(v) === null, name).toBe(name === "sin" || name === "exp");
    const a = n.slice(X, 0, -1) as Tensor;
    expectSameBits(((captured.find(([name]) => name === "sin")![1] as n.Var).value as Tensor).data, (n.sin(a) as Tensor).data, "sin kept");
    expectSameBits(((captured.find(([name]) => name === "exp")![1] as n.Var).value as Tensor).data, (n.exp(n.neg(n.mul(a, a))) as Tensor).data, "exp kept");
    // Against the closed form: ∂/∂xᵢ of sin(xᵢ)xᵢ₊₁ + e^{−xᵢ²}/(1+xᵢ²) and of sin(xᵢ₋₁)xᵢ.
    const x = X.data;
    for (let i = 0; i < x.length; i += 997) {
      let want = 0;
      if (i < x.length - 1) {
        const q = 1 + x[i] * x[i];
        want += Math.cos(x[i]) * x[i + 1] + Math.exp(-x[i] * x[i]) * (-2 * x[i] * q - 2 * x[i]) / (q * q);
      }
      if (i > 0) want += Math.sin(x[i - 1]);
      close(g.data[i], want, 1e-12, `element ${i}`);
    }
  });

  it("values read inside the function, returned as aux, or printed are the eager ones", () => {
    const X = sample(-1, 1);
    const seen: number[] = [];
    const [[value, aux], g] = n.valueAndGrad(
      (x: V) => {
        const s = n.sin(x);
        seen.push(((s as n.Var).value as Tensor).data[7]);
        const t = n.mul(s, 3);
        return [n.sum(n.exp(t)), t];
      },
      { hasAux: true },
    )(X) as [[number, Tensor], Tensor];
    const eagerT = n.mul(n.sin(X), 3) as Tensor;
    expect(seen[0]).toBe(Math.sin(X.data[7]));
    expect(aux).toBeInstanceOf(Tensor);
    expectSameBits(aux.data, eagerT.data, "aux");
    expect(String(aux)).toBe(String(eagerT));
    expect(value).toBe(n.sum(n.exp(eagerT)));
    expectSameBits(g.data, (n.mul(n.mul(n.exp(eagerT), 3), n.cos(X)) as Tensor).data, "gradient: (eᵗ · 3) · cos x, in backward's order");
  });

  it("outputs and aux leave a differentiation computed: an in-place step on the input afterwards does not change them", () => {
    const W = sample(-1, 1);
    const before = Array.from(W.data);
    const [[, aux]] = n.valueAndGrad((w: V) => { const p = n.add(n.mul(w, 2), 1); return [n.sum(n.exp(p)), p]; }, { hasAux: true })(W) as [[number, Tensor], Tensor];
    const [y] = n.vjp((w: V) => n.mul(n.sub(w, 3), 0.5), W) as [Tensor, unknown];
    // An optimiser's step, in place.
    for (let i = 0; i < W.data.length; i++) W.data[i] -= 0.1;
    close(Array.from(aux.data), before.map((w) => w * 2 + 1), 0);
    close(Array.from(y.data), before.map((w) => (w - 3) * 0.5), 0);
  });

  it("a value kept in a closure reads the arguments as they were: an in-place step on the input afterwards does not change it", () => {
    const W = sample(-1, 1);
    const before = W.data.slice();
    let kept: V = 0;
    let keptPrimal: V = 0;
    let keptConstant: V = 0;
    n.grad((w: V) => {
      kept = n.mul(w, 2);
      keptPrimal = n.primal(n.mul(w, 3));
      keptConstant = n.stopGradient(n.add(w, 1));
      return n.sum(n.mul(kept, kept));
    })(W);
    expect(pendingOf(kept), "still deferred, or this test checks nothing").not.toBeNull();
    W.data.fill(100); // an optimiser step in place, then the kept values are displayed
    expectSameBits(((kept as n.Var).value as Tensor).data, before.map((x) => x * 2), "w·2");
    expectSameBits((keptPrimal as Tensor).data, before.map((x) => x * 3), "primal(w·3)");
    expectSameBits((keptConstant as Tensor).data, before.map((x) => x + 1), "stopGradient(w + 1)");
  });

  it("elementwise results of variables made by hand are computed at once: no differentiation ends to leave them with their operands' values", () => {
    const W = sample(-1, 1);
    const before = W.data.slice();
    const y = n.mul(n.variable(W), 2);
    W.data.fill(100);
    expectSameBits(((y as n.Var).value as Tensor).data, before.map((x) => x * 2), "variable(W)·2");
  });

  it("JSON of a tensor is its shape and elements, pending or not (a pending one gave stored: null and its operands, internals of the runtime)", () => {
    const W = sample(-1, 1);
    let kept: V = 0;
    n.grad((w: V) => n.sum((kept = n.mul(w, 2))))(W);
    const p = (kept as n.Var).value as Tensor;
    expect(p.pending, "still deferred, or this test checks nothing").not.toBeNull();
    expect(JSON.stringify(p)).toBe(JSON.stringify({ shape: [SIZE], data: Array.from(W.data, (x) => x * 2) }));
    // The elements as a plain array (a Float64Array's JSON was {"0":1,"1":2}), and back again.
    const json = JSON.stringify(n.tensor([[1, 2], [3, 4.5]]));
    expect(json).toBe('{"shape":[2,2],"data":[1,2,3,4.5]}');
    const parsed = JSON.parse(json) as { shape: number[]; data: number[] };
    expect(new n.Tensor(parsed.shape, Float64Array.from(parsed.data)).toArray()).toEqual([[1, 2], [3, 4.5]]);
  });

  it("a loop that fails to compile for another reason than a security policy (a stack overflow) falls back for itself alone", () => {
    const X = sample(-1, 1);
    const f = (x: V): V => n.sum(n.atan(n.mul(n.cosh(x), 0.37)));
    const realFunction = globalThis.Function;
    let g: Tensor;
    globalThis.Function = function () {
      throw new RangeError("Maximum call stack size exceeded");
    } as unknown as FunctionConstructor;
    try {
      g = n.grad(f)(X) as Tensor;
    } finally {
      globalThis.Function = realFunction;
    }
    expect(canDefer()).toBe(true);
    // ∂/∂x atan(0.37 cosh x) = 0.37 sinh x / (1 + (0.37 cosh x)²)
    for (let i = 0; i < SIZE; i += 97) {
      const c = 0.37 * Math.cosh(X.data[i]);
      close(g.data[i], (0.37 * Math.sinh(X.data[i])) / (1 + c * c), 1e-13, `element ${i}`);
    }
  });

  it("a long loop of tensor operations computes in pieces of at most MAX_PENDING operations, with the same values and gradient", () => {
    const X = sample(-1, 1);
    const captured: V[] = [];
    const f = (x: V): V => {
      let y = x;
      for (let k = 0; k < 60; k++) {
        y = n.add(n.mul(0.5, y), n.sin(y));
        captured.push(y);
      }
      return n.sum(y);
    };
    const g = n.grad(f)(X) as Tensor;
    for (const v of captured) {
      const pending = pendingOf(v) as { count: number } | null;
      if (pending !== null) expect(pending.count).toBeLessThanOrEqual(MAX_PENDING);
    }
    // Eagerly, with plain arrays, and the derivative by the chain rule: ∏ (0.5 + cos yₖ).
    let y = X;
    let dy = n.ones(X.shape) as Tensor;
    for (let k = 0; k < 60; k++) {
      dy = n.mul(dy, n.add(0.5, n.cos(y))) as Tensor;
      y = n.add(n.mul(0.5, y), n.sin(y)) as Tensor;
    }
    expectSameBits(((captured[59] as n.Var).value as Tensor).data, y.data, "value");
    for (let i = 0; i < SIZE; i += 101) close(g.data[i], dy.data[i], 1e-12, `element ${i}`);
  });

  it("jacrev sweeps a deferred tape once per output: the Jacobian of an elementwise map is its diagonal of partials", () => {
    const X = sample(-1, 1);
    const J = n.jacrev((x: V) => n.mul(n.exp(x), n.sin(x)))(X) as Tensor;
    const x = X.data;
    for (const i of [0, 5, 700, SIZE - 1]) {
      close(J.data[i * SIZE + i], Math.exp(x[i]) * (Math.sin(x[i]) + Math.cos(x[i])), 1e-13, `J[${i}][${i}]`);
      expect(J.data[i * SIZE + ((i + 3) % SIZE)]).toBe(0);
    }
  });
});
