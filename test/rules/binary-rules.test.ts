import { describe, expect, it } from "vitest";
import * as n from "../../src/index";
import { Dual } from "../../src/forward/dual";
import { newTag } from "../../src/core/tags";
import { close, numericGrad, rng } from "../support/numeric";

type F2 = (a: n.Value, b: n.Value) => n.Value;
const T = (x: unknown): unknown => (x as n.Tensor).toArray();

/** Binary primitives with closed-form partials and a domain to sample from. */
const RULES: [string, F2, (a: number, b: number) => number, (a: number, b: number) => [number, number], [number, number], [number, number]][] = [
  ["add", n.add as F2, (a, b) => a + b, () => [1, 1], [-3, 3], [-3, 3]],
  ["sub", n.sub as F2, (a, b) => a - b, () => [1, -1], [-3, 3], [-3, 3]],
  ["mul", n.mul as F2, (a, b) => a * b, (a, b) => [b, a], [-3, 3], [-3, 3]],
  ["div", n.div as F2, (a, b) => a / b, (a, b) => [1 / b, -a / (b * b)], [-3, 3], [0.5, 3]],
  ["pow", n.pow as F2, Math.pow, (a, b) => [b * a ** (b - 1), a ** b * Math.log(a)], [0.3, 3], [-2, 3]],
  ["atan2", n.atan2 as F2, Math.atan2, (y, x) => [x / (x * x + y * y), -y / (x * x + y * y)], [-3, 3], [-3, 3]],
  ["hypot", n.hypot as F2, Math.hypot, (a, b) => [a / Math.hypot(a, b), b / Math.hypot(a, b)], [-3, 3], [-3, 3]],
  ["max", n.max as F2, Math.max, (a, b) => (a > b ? [1, 0] : [0, 1]), [-3, 3], [-3, 3]],
  ["min", n.min as F2, Math.min, (a, b) => (a < b ? [1, 0] : [0, 1]), [-3, 3], [-3, 3]],
];

describe.each(RULES)("%s", (_name, op, value, partials, da, db) => {
  const r = rng(3);
  const samples = Array.from({ length: 6 }, () => [da[0] + (da[1] - da[0]) * r(), db[0] + (db[1] - db[0]) * r()]);

  it("values, gradients by both modes and central differences agree", () => {
    for (const [a, b] of samples) {
      expect(op(a, b)).toBeCloseTo(value(a, b), 14);
      const g = n.grad((v: n.Value[]) => op(v[0], v[1]))([a, b]) as number[];
      close(g, partials(a, b), 1e-12);
      close(g, numericGrad((v) => value(v[0], v[1]), [a, b]), 1e-6);
      const t = newTag();
      const fwdA = (op(new Dual(a, 1, t), b) as Dual).tangent;
      const t2 = newTag();
      const fwdB = (op(a, new Dual(b, 1, t2)) as Dual).tangent;
      close([fwdA, fwdB], g, 1e-12);
    }
  });

  it("broadcasts a scalar against a tensor and reduces its gradient back", () => {
    const [a, b] = samples[0];
    const bs = [b, b * 0.5 + 0.7, b * 0.25 + 1.1].map((x) => Math.min(Math.max(x, db[0]), db[1]));
    const g = n.grad((s: n.Value) => n.sum(op(s, n.tensor(bs))))(a) as number;
    close(g, bs.reduce((acc, bi) => acc + partials(a, bi)[0], 0), 1e-12);
  });
});

describe("pow special cases", () => {
  it("integer exponents work for negative bases, with a finite exponent partial", () => {
    expect(n.pow(-2, 3)).toBe(-8);
    expect(n.grad((x: n.Value) => n.pow(x, 3))(-2)).toBe(12);
    expect(n.grad((v: n.Value[]) => n.pow(v[0], v[1]))([-2, 3])).toEqual([12, 0]);
  });
  it("0^y has exponent partial 0 rather than NaN", () => {
    expect(n.grad((v: n.Value[]) => n.pow(v[0], v[1]))([0, 2])).toEqual([0, 0]);
  });
  // Forward mode took the exponent partial as 0 for the whole tensor as soon as one base
  // entry was not positive (reverse mode, entry by entry, was right).
  it("a tensor of bases, some not positive: the exponent partial is xʸ ln x where x > 0, entry by entry, in every mode", () => {
    const xs = [1, 2, -1, 0, 3];
    const f = (y: n.Value) => n.sum(n.pow(n.tensor(xs), y));
    const y = 2;
    const d1 = xs.reduce((s, x) => s + (x > 0 ? x ** y * Math.log(x) : 0), 0);
    const d2 = xs.reduce((s, x) => s + (x > 0 ? x ** y * Math.log(x) ** 2 : 0), 0);
    for (const d of [n.grad(f)(y), n.derivative(f)(y), n.jacfwd(f)(y)]) close(d, d1, 1e-14);
    for (const d of [n.derivative(f, 2)(y), n.hessian(f)(y)]) close(d, d2, 1e-14);
    const g = (v: n.Value) => n.sum(n.pow(n.tensor(xs), v));
    const expected = xs.map((x) => (x > 0 ? x ** y * Math.log(x) : 0));
    close((n.jacfwd(g)(n.tensor([2, 2, 2, 2, 2])) as n.Tensor).toArray(), expected, 1e-14);
  });
  // x ≤ 0 was tested as !(x > 0), which a NaN base passes too: the exponent partial read 0.
  it("a NaN base gives a NaN exponent partial (xʸ ln x), not 0, in every mode, for numbers and tensors", () => {
    expect(n.grad((v: n.Value[]) => n.pow(v[0], v[1]))([NaN, 2.5]).every(Number.isNaN)).toBe(true);
    const partials = n.grad((x: n.Value, y: n.Value) => n.pow(x, y), { argnums: [0, 1] })(NaN, 1) as number[];
    expect(partials[0]).toBe(1); // d(x¹)/dx is 1 for every x
    expect(partials[1]).toBeNaN();
    for (const d of [n.derivative((y: n.Value) => n.pow(NaN, y))(2), n.jacfwd((y: n.Value) => n.pow(NaN, y))(2), n.grad((y: n.Value) => n.pow(NaN, y))(2)]) expect(d).toBeNaN();
    // Entry by entry: NaN where the base is NaN, xʸ ln x where it is positive, 0 where it is negative.
    const g = n.grad((y: n.Value) => n.sum(n.pow(n.tensor([NaN, 2, -1]), y)))(n.tensor([1, 1, 2])) as n.Tensor;
    expect(Number.isNaN(g.data[0])).toBe(true);
    close([g.data[1], g.data[2]], [2 * Math.log(2), 0], 1e-15);
    const j = n.jacfwd((y: n.Value) => n.sum(n.pow(n.tensor([NaN, 2]), y)))(2) as number;
    expect(j).toBeNaN();
  });
  // y·xʸ⁻¹ still varied with y where x < 0 while xʸ ln x was taken as 0: H came out
  // [[2, −2], [0, 0]] at (−2, 2), asymmetric.
  it("the Hessian of xʸ is symmetric at a negative base, in both modes, for numbers and tensors", () => {
    const f = (v: n.Value[]) => n.pow(v[0], v[1]);
    for (const [x, y] of [[-2, 2], [-2, 3], [-1.5, 4], [0, 3]]) {
      // With y not varied where x ≤ 0, only ∂²/∂x² = y(y−1)xʸ⁻² is left.
      const expected = [[y * (y - 1) * x ** (y - 2), 0], [0, 0]];
      for (const mode of ["reverse-over-reverse", "forward-over-reverse"] as const) close(n.hessian(f as never, { mode })([x, y]), expected, 1e-12);
    }
    // Tensors of bases, a shared exponent y: ∂²/∂y∂x_i = ∂²/∂x_i∂y, x_i^(y−1)(1 + y ln x_i) where x_i > 0, else 0.
    const xs = [1.5, -2, 0.5];
    const g = (v: n.Value[]) => n.sum(n.pow(n.tensor([v[0], v[1], v[2]] as never), v[3]));
    const H = n.hessian(g as never)([...xs, 2]) as number[][];
    xs.forEach((x, i) => {
      close(H[i][3], H[3][i], 1e-12);
      close(H[i][3], x > 0 ? x * (1 + 2 * Math.log(x)) : 0, 1e-12);
    });
  });
});

describe("the AD-aware Math", () => {
  it("has exactly the members of the built-in Math", () => {
    expect(Object.getOwnPropertyNames(n.ADMath).sort()).toEqual(Object.getOwnPropertyNames(Math).sort());
    expect(Object.prototype.toString.call(n.ADMath)).toBe("[object Math]");
  });

  it("agrees with Math on plain numbers, including edge values", () => {
    const inputs = [0, -0, 0.5, -1.5, 2, NaN, Infinity, -Infinity];
    for (const key of Object.getOwnPropertyNames(Math)) {
      const builtin = (Math as unknown as Record<string, unknown>)[key];
      const ours = (n.ADMath as unknown as Record<string, unknown>)[key];
      if (typeof builtin !== "function") {
        expect(ours).toBe(builtin);
        continue;
      }
      if (key === "random") continue;
      for (const x of inputs) {
        const args = builtin.length >= 2 || key === "max" || key === "min" || key === "hypot" ? [x, 1.5] : [x];
        expect(Object.is((ours as (...a: number[]) => number)(...args), (builtin as (...a: number[]) => number)(...args)), `${key}(${args})`).toBe(true);
      }
    }
    expect(n.ADMath.max()).toBe(-Infinity);
    expect(n.ADMath.min()).toBe(Infinity);
    expect(n.ADMath.hypot()).toBe(0);
  });

  it("differentiates: d/dx Math.sin(2x + 1) = 2 cos(2x + 1)", () => {
    const f = (x: n.Value) => n.ADMath.sin(n.add(n.mul(2, x), 1) as never) as n.Value;
    close(n.derivative(f as never)(0.5), 2 * Math.cos(2), 1e-15);
  });
});

describe("never losing a derivative silently", () => {
  it("throws a clear DerivativeLostError when an AD value is used as a plain number", () => {
    const x = n.dual(1, 1);
    expect(() => +(x as unknown as number)).toThrow(/drop its derivative/);
    expect(() => (x as unknown as number) < 2).toThrow(n.DerivativeLostError);
    expect(() => n.grad((v: number) => Math.sin(v))(1)).toThrow(/primal\(x\)/);
    expect(String(x)).toMatch(/Dual\(1, 1\)/);
  });

  it("comparisons on primal values let functions branch", () => {
    const f = (x: n.Value) => (n.gt(x, 0) ? n.mul(x, x) : n.neg(x));
    expect(n.grad(f as never)(3)).toBe(6);
    expect(n.grad(f as never)(-3)).toBe(-1);
  });

  it.each([1e-200, 1e-160, 1e160, 1e200])("atan2 at (s, 2s) for s = %s: partials (2s, −s)/(5s²), where x² + y² under- or overflows (they read as the origin's 0)", (s) => {
    const expected = [2 / (5 * s), -1 / (5 * s)];
    close(n.grad((y: n.Value, x: n.Value) => n.atan2(y, x), { argnums: [0, 1] })(s, 2 * s), expected, 1e-14);
    close(n.jacfwd((y: n.Value, x: n.Value) => n.atan2(y, x), { argnums: [0, 1] })(s, 2 * s), expected, 1e-14);
    close(T(n.grad((y: n.Value) => n.sum(n.atan2(y, [2 * s, -2 * s])))(n.tensor([s, s]))), [2 / (5 * s), -2 / (5 * s)], 1e-14);
  });

  it("atan2 and hypot at the origin: partials 0 (not 0/0) for numbers and tensor elements, in both modes", () => {
    const x = n.tensor([0.3, -0.5, 0]);
    for (const op of [n.atan2, n.hypot]) {
      // (x − x, x − x) is the origin at every element, with a non-zero tangent.
      const f = (v: n.Value) => n.sum(op(n.sub(v, v), n.sub(v, v)));
      expect(Array.from((n.grad(f)(x) as n.Tensor).data)).toEqual([0, 0, 0]);
      expect(Array.from((n.jacfwd(f)(x) as n.Tensor).data)).toEqual([0, 0, 0]);
      expect(n.derivative((v: n.Value) => op(n.sub(v, v), n.sub(v, v)))(0.3)).toBe(0);
      // Elements away from the origin keep their ordinary partials.
      const g = n.grad((p: n.Value) => n.sum(op(p, n.tensor([0, 2]))))(n.tensor([0, 1])) as n.Tensor;
      expect(Array.from(g.data)).toEqual(op === n.atan2 ? [0, 2 / 5] : [0, 1 / Math.sqrt(5)]);
    }
  });
});
