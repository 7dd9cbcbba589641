import { describe, expect, it } from "vitest";
import * as n from "../../src/index";

type V = n.Value;
const STEPS = [
  ["floor", n.floor, Math.floor],
  ["ceil", n.ceil, Math.ceil],
  ["round", n.round, Math.round],
  ["trunc", n.trunc, Math.trunc],
  ["sign", n.sign, Math.sign],
] as const;

/*
 * floor, ceil, round, trunc and sign have derivative 0: on a scalar dual number or tape
 * variable they give the plain number, which code then uses as an index or a count.
 */
describe("piecewise-constant functions of a dual number or tape variable", () => {
  it.each(STEPS)("%s gives the plain number, inside derivative, grad and nested derivatives", (_, step, builtin) => {
    for (const x of [-2.5, -0.4, 0, 1.5, 2.7]) {
      const seen: unknown[] = [];
      const f = (t: V) => {
        const s = step(t as never);
        seen.push(s);
        return n.mul(s, t);
      };
      // d/dx (step(x)·x) = step(x) away from the jumps (+ 0: ceil(-0.4) is -0, the derivative 0).
      expect((n.derivative(f)(x) as number) + 0).toBe(builtin(x) + 0);
      expect((n.grad(f as never)(x) as number) + 0).toBe(builtin(x) + 0);
      expect(n.derivative(f, 2)(x)).toBe(0);
      expect(seen.every((s) => typeof s === "number" && s === builtin(x))).toBe(true);
    }
  });

  it("used as an index or a count, it gives the right value and derivative (a dual number read the key 'Dual(2, 0)')", () => {
    const table = [1, 4, 9, 16, 25];
    // A read: table[⌊x⌋]·x, derivative table[⌊x⌋].
    expect(n.derivative((x: V) => n.mul(table[n.floor(x) as number], x))(2.5)).toBe(9);
    // A write: f(x) = x² written at index ⌊x⌋ = 2 and read back (it read 0, derivative 0).
    const written = (x: V) => {
      const arr: V[] = [0, 0, 0];
      arr[n.floor(x) as number] = n.mul(x, x);
      return arr[2];
    };
    expect(n.valueAndGrad(written)(2.5)).toEqual([6.25, 5]);
    // A count: ⌈x⌉ copies of x sum to ⌈x⌉·x (new Array(dual) made one element, the dual number).
    const copies = (x: V) => new Array(n.ceil(x) as number).fill(x).reduce((a: V, b: V) => n.add(a, b));
    expect(n.valueAndGrad(copies)(3.5)).toEqual([14, 4]);
    expect(n.derivative((x: V) => n.mul([1, 2, 3].slice(0, n.round(x) as number).length, x))(1.7)).toBe(2);
    // Reverse mode over an array: x[round(x₀)]·x₂.
    expect(n.grad((x: V[]) => n.mul(x[n.round(x[0]) as number], x[2]))([1.2, 3, 4])).toEqual([0, 4, 3]);
  });

  it("stays an operation where a display traces it, and a tensor's stays a tensor", () => {
    expect(n.latex((x: V) => n.mul(n.floor(x), x), { at: 2.5 }).derivative).toBe("\\left\\lfloor x\\right\\rfloor");
    expect(n.derivation((x: V) => n.mul(n.floor(x), x), 2.5).toString()).toContain("floor(x)");
    const t = n.floor(n.tensor([1.5, -0.5]));
    expect(t).toBeInstanceOf(n.Tensor);
    expect(n.grad((x: n.Tensor) => n.sum(n.mul(n.floor(x), x)))(n.tensor([1.5, -0.5])).toArray()).toEqual([1, -1]);
  });
});
