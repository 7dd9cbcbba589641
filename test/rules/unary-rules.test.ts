import { describe, expect, it } from "vitest";
import fc from "fast-check";
import * as n from "../../src/index";
import { Dual } from "../../src/forward/dual";
import { newTag } from "../../src/core/tags";
import { centralDiff, close, rng } from "../support/numeric";

type F = (x: n.Value) => n.Value;

/** Every unary primitive: its function, the closed-form derivative, and a domain to sample. */
const RULES: [string, F, (x: number) => number, (x: number) => number, [number, number]][] = [
  ["sin", n.sin as F, Math.sin, Math.cos, [-3, 3]],
  ["cos", n.cos as F, Math.cos, (x) => -Math.sin(x), [-3, 3]],
  ["tan", n.tan as F, Math.tan, (x) => 1 / Math.cos(x) ** 2, [-1.2, 1.2]],
  ["asin", n.asin as F, Math.asin, (x) => 1 / Math.sqrt(1 - x * x), [-0.9, 0.9]],
  ["acos", n.acos as F, Math.acos, (x) => -1 / Math.sqrt(1 - x * x), [-0.9, 0.9]],
  ["atan", n.atan as F, Math.atan, (x) => 1 / (1 + x * x), [-3, 3]],
  ["sinh", n.sinh as F, Math.sinh, Math.cosh, [-2, 2]],
  ["cosh", n.cosh as F, Math.cosh, Math.sinh, [-2, 2]],
  ["tanh", n.tanh as F, Math.tanh, (x) => 1 - Math.tanh(x) ** 2, [-2, 2]],
  ["asinh", n.asinh as F, Math.asinh, (x) => 1 / Math.sqrt(x * x + 1), [-3, 3]],
  ["acosh", n.acosh as F, Math.acosh, (x) => 1 / Math.sqrt(x * x - 1), [1.2, 4]],
  ["atanh", n.atanh as F, Math.atanh, (x) => 1 / (1 - x * x), [-0.9, 0.9]],
  ["exp", n.exp as F, Math.exp, Math.exp, [-2, 2]],
  ["expm1", n.expm1 as F, Math.expm1, Math.exp, [-2, 2]],
  ["log", n.log as F, Math.log, (x) => 1 / x, [0.2, 5]],
  ["log1p", n.log1p as F, Math.log1p, (x) => 1 / (1 + x), [-0.5, 4]],
  ["log2", n.log2 as F, Math.log2, (x) => 1 / (x * Math.LN2), [0.2, 5]],
  ["log10", n.log10 as F, Math.log10, (x) => 1 / (x * Math.LN10), [0.2, 5]],
  ["sqrt", n.sqrt as F, Math.sqrt, (x) => 0.5 / Math.sqrt(x), [0.2, 5]],
  ["cbrt", n.cbrt as F, Math.cbrt, (x) => 1 / (3 * Math.cbrt(x) ** 2), [0.2, 5]],
  ["abs", n.abs as F, Math.abs, Math.sign, [-3, 3]],
  ["sigmoid", n.sigmoid as F, (x) => 1 / (1 + Math.exp(-x)), (x) => Math.exp(-x) / (1 + Math.exp(-x)) ** 2, [-4, 4]],
  ["softplus", n.softplus as F, (x) => Math.log(1 + Math.exp(x)), (x) => 1 / (1 + Math.exp(-x)), [-4, 4]],
  ["relu", n.relu as F, (x) => Math.max(x, 0), (x) => (x > 0 ? 1 : 0), [-3, 3]],
  ["neg", n.neg as F, (x) => -x, () => -1, [-3, 3]],
];

const points = (domain: [number, number], count = 6, seed = 7): number[] => {
  const r = rng(seed);
  return Array.from({ length: count }, () => domain[0] + (domain[1] - domain[0]) * r()).filter((x) => Math.abs(x) > 1e-3);
};

describe.each(RULES)("%s", (_name, op, value, derivative, domain) => {
  it("agrees with the plain function on numbers", () => {
    for (const x of points(domain)) expect(op(x)).toBeCloseTo(value(x), 14);
  });

  it("forward mode gives the closed-form derivative and matches central differences", () => {
    for (const x of points(domain)) {
      const y = op(new Dual(x, 1, newTag())) as Dual;
      close(y.tangent, derivative(x), 1e-12);
      close(y.tangent, centralDiff(value, x), 1e-6);
    }
  });

  it("reverse mode agrees with forward mode (the dot-product test ⟨v, Ju⟩ = ⟨Jᵀv, u⟩)", () => {
    const r = rng(11);
    for (const x of points(domain)) {
      const u = r() * 2 - 1;
      const v = r() * 2 - 1;
      const jvp = (op(new Dual(x, u, newTag())) as Dual).tangent as number;
      const xv = n.variable(x);
      n.backward(n.mul(op(xv), v));
      expect(v * jvp).toBeCloseTo((xv.grad as number) * u, 12);
    }
  });

  it("second derivative: forward over forward = forward over reverse = differences of the first", () => {
    for (const x of points(domain, 3)) {
      const ff = n.derivative(op as never, 2)(x) as number;
      const fr = n.jacfwd(n.grad(op as never) as never)(x) as number;
      close(ff, fr, 1e-10);
      close(ff, centralDiff(derivative, x, 1e-5), 1e-4);
    }
  });

  it("works elementwise on tensors, in both modes", () => {
    const xs = points(domain, 4);
    const t = n.tensor(xs) as n.Tensor;
    expect(Array.from((op(t) as n.Tensor).data)).toEqual(xs.map((x) => op(x) as number));
    const g = n.grad((v: n.Value) => n.sum(op(v)))(t) as n.Tensor;
    g.data.forEach((gi, i) => close(gi, derivative(xs[i]), 1e-12));
  });

  it("propagates NaN without throwing", () => {
    expect(Number.isNaN(op(NaN) as number)).toBe(true);
    expect(() => n.derivative(op as never)(NaN)).not.toThrow();
  });
});

describe("fround", () => {
  it("has derivative 1, a float32 conversion as JAX's and PyTorch's (it was 0, and latex printed f = x², f′ = x for fround(x)·x)", () => {
    const f = (x: n.Value) => n.mul(n.fround(x), x);
    expect(n.derivative(n.fround as never)(3.3)).toBe(1);
    expect(n.grad(n.fround as never)(3.3)).toBe(1);
    close(n.grad(f as never)(3.3), Math.fround(3.3) + 3.3, 1e-15);
    expect((n.grad((v: n.Value) => n.sum(n.fround(v)))(n.tensor([0.1, 2])) as n.Tensor).toArray()).toEqual([1, 1]);
    const text = (n.latex(f as never)[Symbol.for("Jupyter.display") as never] as () => Record<string, string>)()["text/latex"];
    expect(text).toMatch(/f'\(x\) &= 2 x/);
  });
});

describe("random compositions of primitives (property-based)", () => {
  const safe: [string, F][] = [["sin", n.sin as F], ["cos", n.cos as F], ["tanh", n.tanh as F], ["atan", n.atan as F], ["sigmoid", n.sigmoid as F], ["softplus", n.softplus as F], ["exp∘sin", (x) => n.exp(n.sin(x))]];
  const plain: Record<string, (x: number) => number> = {
    sin: Math.sin, cos: Math.cos, tanh: Math.tanh, atan: Math.atan,
    sigmoid: (x) => 1 / (1 + Math.exp(-x)), softplus: (x) => Math.log1p(Math.exp(x)), "exp∘sin": (x) => Math.exp(Math.sin(x)),
  };
  it("reverse, forward and central differences agree on chains of 1–5 primitives", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: safe.length - 1 }), { minLength: 1, maxLength: 5 }), fc.double({ min: -2, max: 2, noNaN: true }), (chain, x) => {
        const f = (v: n.Value): n.Value => chain.reduce((acc, k) => safe[k][1](acc), v);
        const g = (v: number): number => chain.reduce((acc, k) => plain[safe[k][0]](acc), v);
        const rev = n.grad(f as never)(x) as number;
        const fwd = n.derivative(f as never)(x) as number;
        close(rev, fwd, 1e-12);
        close(rev, centralDiff(g, x), 1e-6);
      }),
      { numRuns: 200, seed: 42 },
    );
  });
});

describe("conventions at kinks and numerical stability", () => {
  it("relu′(0) = 0 and |x|′(0) = 0", () => {
    expect(n.grad(n.relu as never)(0)).toBe(0);
    expect(n.grad(n.abs as never)(0)).toBe(0);
    expect(n.derivative(n.abs as never)(0)).toBe(0);
  });

  it("softplus(800) === 800 with derivative 1; softplus(−800) is tiny and positive-or-zero", () => {
    expect(n.softplus(800)).toBe(800);
    expect(n.grad(n.softplus as never)(800)).toBe(1);
    expect(n.softplus(-800)).toBeGreaterThanOrEqual(0);
    expect(n.softplus(-800)).toBeLessThan(1e-300);
  });

  it("sigmoid(−800) is finite and its derivative is not NaN", () => {
    expect(Number.isFinite(n.sigmoid(-800) as number)).toBe(true);
    expect(Number.isNaN(n.grad(n.sigmoid as never)(-800) as number)).toBe(false);
    expect(n.sigmoid(800)).toBe(1);
  });

  it("hypot′ at the origin is 0, not NaN", () => {
    expect(n.grad((v: n.Value[]) => n.hypot(v[0], v[1]))([0, 0])).toEqual([0, 0]);
    expect(n.grad((v: n.Value[]) => n.hypot(v[0], v[1]))([3, 4])).toEqual([0.6, 0.8]);
  });

  it("max/min follow the selected argument and split ties", () => {
    expect(n.grad((v: n.Value[]) => n.max(v[0], v[1]), {})([1, 2])).toEqual([0, 1]);
    expect(n.grad((v: n.Value[]) => n.min(v[0], v[1]))([1, 2])).toEqual([1, 0]);
    expect(n.grad((v: n.Value[]) => n.max(v[0], v[1]))([2, 2])).toEqual([0.5, 0.5]);
    expect(n.max()).toBe(-Infinity);
    expect(n.max(3, 9, 4)).toBe(9);
  });

  // Math.max(x, x, x) folded pairwise gave ¼, ¼, ½; the even split is what max over a tensor gives.
  it.each([
    ["Math.max, three tied", (v: n.Value[]) => n.ADMath.max(v[0], v[1], v[2]), [2, 2, 2], [1 / 3, 1 / 3, 1 / 3]],
    ["Math.min, three of four tied", (v: n.Value[]) => n.ADMath.min(v[0], v[1], v[2], v[3]), [1, 5, 1, 1], [1 / 3, 0, 1 / 3, 1 / 3]],
    ["Math.max, four tied with a constant", (v: n.Value[]) => n.ADMath.max(v[0], 2, v[1], v[2]), [2, 2, 2], [1 / 4, 1 / 4, 1 / 4]],
    ["Math.max, two of three tied", (v: n.Value[]) => n.ADMath.max(v[0], v[1], v[2]), [2, 1, 2], [0.5, 0, 0.5]],
  ] as [string, (v: n.Value[]) => n.Value, number[], number[]][])("%s: ties split the derivative evenly, as max of a tensor does", (_name, f, x, expected) => {
    for (const g of [n.grad(f as never)(x), n.jacfwd(f as never)(x)]) close(g, expected, 1e-15);
    expect(n.valueAndGrad(f as never)(x)[0]).toBe(f(x));
  });
  it("three tied entries of a tensor split the same way", () => {
    close((n.grad((t: n.Value) => n.max(t))(n.tensor([2, 2, 2])) as n.Tensor).toArray(), [1 / 3, 1 / 3, 1 / 3], 1e-15);
  });
});

describe("max and min of three or more numbers", () => {
  it("give Math.max and Math.min to the bit (-0, NaN, infinities), as the pairwise fold does", () => {
    const cases: number[][] = [[1, 5, 3], [0, -0, 0], [-0, 0, -0], [NaN, 1, 2], [1, 2, NaN], [Infinity, -Infinity, 0], [-3, -3, -3, -3], [2.5, 1e-300, -1e300, 7]];
    for (const xs of cases) {
      expect(Object.is(n.max(...xs), Math.max(...xs)), `max(${xs})`).toBe(true);
      expect(Object.is(n.min(...xs), Math.min(...xs)), `min(${xs})`).toBe(true);
      expect(Object.is(n.ADMath.max(...xs), Math.max(...xs))).toBe(true);
    }
    fc.assert(
      fc.property(fc.array(fc.double(), { minLength: 3, maxLength: 6 }), (xs) => Object.is(n.max(...xs), Math.max(...xs)) && Object.is(n.min(...xs), Math.min(...xs))),
    );
  });

  it("still split the derivative among ties of dual numbers next to plain numbers", () => {
    expect(n.derivative((x: number) => n.max(x, 2, x) as number)(2)).toBeCloseTo(2 / 3, 12);
    expect(n.derivative((x: number) => n.min(x, 5, 7) as number)(1)).toBe(1);
  });
});
