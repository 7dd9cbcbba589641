import { describe, expect, it } from "vitest";
import * as n from "../../src/index";
import { binaryOp, unaryOp } from "../../src/core/elementwise";
import { sinRule } from "../../src/rules/sin";
import { expRule } from "../../src/rules/exp";
import { mulRule } from "../../src/rules/mul";
import { divRule } from "../../src/rules/div";
import { powRule } from "../../src/rules/pow";
import { atan2Rule } from "../../src/rules/atan2";
import { sqrtRule } from "../../src/rules/sqrt";
import { logRule } from "../../src/rules/log";

/*
 * The operations are compiled per rule for speed (src/core/specialise.ts); without code
 * generation (a strict Content-Security-Policy) they fall back to the generic path. Both
 * must give the same values and derivatives in every mode.
 */
type Op1 = (x: n.Value) => n.Value;
type Op2 = (a: n.Value, b: n.Value) => n.Value;

describe("compiled operations against the generic path", () => {
  for (const rule of [sinRule, expRule]) {
    it(`${rule.name}: values, first and second derivatives, tensors and arrays agree`, () => {
      const fast = unaryOp(rule) as Op1;
      const generic = unaryOp(rule, false) as Op1;
      for (const x of [-1.3, 0, 0.4, 2.5]) {
        expect(fast(x)).toBe(generic(x));
        expect(n.derivative(fast as never)(x)).toBe(n.derivative(generic as never)(x));
        expect(n.grad(fast as never)(x)).toBe(n.grad(generic as never)(x));
        expect(n.derivative(fast as never, 2)(x)).toBeCloseTo(n.derivative(generic as never, 2)(x) as number, 14);
      }
      expect((fast(n.tensor([0.5, 1])) as n.Tensor).toArray()).toEqual((generic(n.tensor([0.5, 1])) as n.Tensor).toArray());
      expect(((fast as (x: unknown) => n.Tensor)([0.5, 1])).toArray()).toEqual([rule.fn(0.5), rule.fn(1)]);
    });
  }

  for (const rule of [mulRule, divRule, powRule, atan2Rule]) {
    it(`${rule.name}: every pairing of number, tape variable and dual agrees`, () => {
      const fast = binaryOp(rule) as Op2;
      const generic = binaryOp(rule, false) as Op2;
      const [a, b] = [1.7, 0.6];
      expect(fast(a, b)).toBe(generic(a, b));
      for (const op of [fast, generic]) {
        const ga = n.grad((x: n.Value, y: n.Value) => op(x, y), { argnums: [0, 1] })(a, b) as number[];
        const fa = [n.derivative((x: n.Value) => op(x, b))(a), n.derivative((y: n.Value) => op(a, y))(b)] as number[];
        expect(ga[0]).toBeCloseTo(fa[0], 14);
        expect(ga[1]).toBeCloseTo(fa[1], 14);
        // Mixed: a dual and a tape variable of different differentiations (nested).
        const h = n.derivative((x: n.Value) => n.grad((y: n.Value) => op(x, y))(b))(a) as number;
        expect(Number.isFinite(h)).toBe(true);
      }
      const gFast = n.grad((x: n.Value, y: n.Value) => fast(x, y), { argnums: [0, 1] })(a, b) as number[];
      const gGeneric = n.grad((x: n.Value, y: n.Value) => generic(x, y), { argnums: [0, 1] })(a, b) as number[];
      expect(gFast).toEqual(gGeneric);
      const hFast = n.derivative((x: n.Value) => n.grad((y: n.Value) => fast(x, y))(b))(a);
      const hGeneric = n.derivative((x: n.Value) => n.grad((y: n.Value) => generic(x, y))(b))(a);
      expect(hFast).toBeCloseTo(hGeneric as number, 13);
    });
  }

  // Tensor pullbacks: the first backward pass runs one compiled loop, g[i]·partial(x[i], out[i]);
  // a tape swept again (jacrev) multiplies by kept partials. Same numbers either way.
  const xs = n.tensor([-1.3, 0.2, 0.4, 2.5]);
  for (const rule of [sinRule, expRule]) {
    it(`${rule.name} on tensors: the compiled pullback = the generic one = jacrev's kept partials`, () => {
      const fast = unaryOp(rule) as Op1;
      const generic = unaryOp(rule, false) as Op1;
      const gFast = (n.grad((x: n.Value) => n.sum(n.mul(fast(x), [1, -2, 3, 0.5])))(xs) as n.Tensor).toArray() as number[];
      const gGeneric = (n.grad((x: n.Value) => n.sum(n.mul(generic(x), [1, -2, 3, 0.5])))(xs) as n.Tensor).toArray() as number[];
      expect(gFast).toEqual(gGeneric);
      const J = (n.jacrev((x: n.Value) => fast(x))(xs) as n.Tensor).toArray() as number[][];
      [1, -2, 3, 0.5].forEach((w, i) => expect(J[i][i] * w).toBe(gFast[i]));
      expect(gFast[0]).toBeCloseTo((rule.partial(-1.3, rule.fn(-1.3)) as number) * 1, 15);
    });
  }

  for (const rule of [mulRule, divRule, powRule, atan2Rule]) {
    it(`${rule.name} on tensors, with full, single-number and size-1 operands: compiled = generic = jacrev`, () => {
      const fast = binaryOp(rule) as Op2;
      const generic = binaryOp(rule, false) as Op2;
      const pos = n.tensor([0.3, 1.2, 0.7, 2.1]);
      const cases: [n.Value, n.Value][] = [[pos, n.tensor([1.5, 0.5, 2, 0.25])], [pos, 1.7], [1.7, pos], [pos, n.tensor([0.8])]];
      for (const [a, b] of cases) {
        const loss = (op: Op2) => (x: n.Value, y: n.Value) => n.sum(n.mul(op(x, y), [1, -2, 3, 0.5]));
        const gf = n.grad(loss(fast), { argnums: [0, 1] })(a, b) as n.Value[];
        const gg = n.grad(loss(generic), { argnums: [0, 1] })(a, b) as n.Value[];
        const flat = (v: n.Value) => (typeof v === "number" ? [v] : ((v as n.Tensor).toArray() as number[]).flat());
        for (let k = 0; k < 2; k++) {
          const [f, g] = [flat(gf[k]), flat(gg[k])];
          f.forEach((v, i) => expect(v).toBeCloseTo(g[i], 13));
        }
        // Against forward mode, argument by argument.
        const ja = n.jacfwd((x: n.Value) => loss(fast)(x, b))(a);
        flat(ja as n.Value).forEach((v, i) => expect(v).toBeCloseTo(flat(gf[0])[i], 12));
      }
    });
  }

  it("the compiled functions carry the rule's name (it shows in profiles and stack traces)", () => {
    expect((unaryOp(sinRule) as { name: string }).name).toBe("sin");
    expect((binaryOp(mulRule) as { name: string }).name).toBe("mul");
  });
});

describe("number partials of the compiled fast paths", () => {
  it("every rule's numberPartial (A, B) equals its general partial on numbers, bit for bit, edge values included", async () => {
    // Loaded lazily, after the runtime: a rule module imported first would break its import cycle.
    const modules = import.meta.glob("../../src/rules/*.ts") as Record<string, () => Promise<Record<string, unknown>>>;
    const points = [-1e300, -3, -1, -0.75, -0.5, -1e-300, -0, 0, 1e-300, 0.25, 0.5, 0.99, 1, 1.5, 3, 40, 1e300, NaN, Infinity, -Infinity];
    let checked = 0;
    for (const [file, load] of Object.entries(modules)) {
      for (const rule of Object.values(await load()) as Record<string, unknown>[]) {
        if (typeof rule?.fn !== "function") continue;
        const fn = rule.fn as (...a: number[]) => number;
        const pairs: [unknown, unknown][] = [
          [rule.numberPartial, rule.partial],
          [rule.numberPartialA, rule.partialA],
          [rule.numberPartialB, rule.partialB],
        ];
        for (const [special, general] of pairs) {
          if (special === undefined) continue;
          const unary = rule.partial !== undefined;
          const args = unary ? points.map((x) => [x]) : points.flatMap((a) => points.filter((_, k) => k % 3 === 0).map((b) => [a, b]));
          for (const a of args) {
            const out = fn(...a);
            const want = (general as (...v: number[]) => number)(...a, out);
            const got = (special as (...v: number[]) => number)(...a, out);
            expect(Object.is(got, want), `${file} ${rule.name as string} at ${a.join(", ")}: ${got} against ${want}`).toBe(true);
          }
          checked++;
        }
      }
    }
    expect(checked).toBe(16);
  });

  it("a zero tangent gives a zero tangent where the partial is infinite, compiled and generic (0·∞ was NaN)", () => {
    // jvp along [0, 1] of √x₀ + 2x₁ at x₀ = 0 is 2: x₀ does not move. Reverse mode skips a
    // zero adjoint the same way (backward.ts), and jacfwd seeds x₀ as a plain number.
    for (const codegen of [true, false]) {
      const sqrt = unaryOp(sqrtRule, codegen) as Op1;
      const log = unaryOp(logRule, codegen) as Op1;
      const mul = binaryOp(mulRule, codegen) as Op2;
      const div = binaryOp(divRule, codegen) as Op2;
      const pow = binaryOp(powRule, codegen) as Op2;
      const zero = n.dual(0, 0);
      const one = n.dual(1, 1);
      expect((sqrt(zero) as n.Dual).tangent, `sqrt, codegen ${codegen}`).toBe(0);
      expect((log(zero) as n.Dual).tangent, `log, codegen ${codegen}`).toBe(0);
      // 0 ** 0.5: ∂/∂a = ∞, a's tangent 0.
      expect((pow(zero, 0.5) as n.Dual).tangent, `pow, codegen ${codegen}`).toBe(0);
      // Two dual operands: the one that does not move adds 0 (1/0: ∂/∂b = −∞ with b's tangent 0).
      expect((div(one, zero) as n.Dual).tangent, `div, codegen ${codegen}`).toBe(Infinity);
      expect((mul(sqrt(zero), one) as n.Dual).tangent, `mul, codegen ${codegen}`).toBe(0);
      expect(n.jvp((x: n.Value[]) => n.add(sqrt(x[0]), mul(x[1], 2)), [[0, 1]], [[0, 1]])[1], `jvp, codegen ${codegen}`).toBe(2);
    }
  });
});
