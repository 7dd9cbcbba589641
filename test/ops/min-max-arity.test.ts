// max, min and hypot answer two or three plain numbers before making an argument array
// (a performance path: Math.max(i, 5) in a cell's loop was 7–20× Node's). These check that
// every arity and kind of argument still takes the meaning it had: Math's values on numbers,
// derivatives of dual numbers and tape variables, ties shared as documented, tensors reduced.
import { describe, expect, it } from "vitest";
import { ADMath, derivative, grad, jvp, max, min, hypot, mul, tensor } from "../../src";

describe("max, min and hypot by arity", () => {
  it("give Math's values on plain numbers, NaN and signed zeros included", () => {
    const cases: number[][] = [[], [3], [1, 2], [2, 1], [0, -0], [-0, 0], [NaN, 1], [1, NaN], [3, 1, 2], [1, -0, 0], [4, NaN, 1], [5, 2, 9, 1]];
    for (const xs of cases) {
      expect(Object.is(ADMath.max(...xs), Math.max(...xs))).toBe(true);
      expect(Object.is(ADMath.min(...xs), Math.min(...xs))).toBe(true);
      expect(Object.is(max(...xs), Math.max(...xs))).toBe(true);
      expect(Object.is(min(...xs), Math.min(...xs))).toBe(true);
    }
    expect(hypot(3, 4)).toBe(5);
    // Three numbers fold two at a time, as a dual number's value does.
    expect(hypot(1, 2, 2)).toBe(Math.hypot(Math.hypot(1, 2), 2));
    expect(hypot(-7)).toBe(7);
  });

  it("differentiate a dual number or tape variable in any position of two or three arguments", () => {
    for (const f of [(x: number) => ADMath.min(x, 3, 4), (x: number) => ADMath.min(3, x, 4), (x: number) => ADMath.min(4, 3, x), (x: number) => min(x, 3)]) {
      expect(derivative(f)(1)).toBe(1);
      expect(derivative(f)(5)).toBe(0);
      expect(grad(f)(1)).toBe(1);
    }
    expect(derivative((x: number) => ADMath.max(mul(2, x) as number, 1, -3))(2)).toBe(2);
    expect(grad((x: number) => max(mul(x, x) as number, 0, 1))(3)).toBe(6);
    // d/dx √(x² + 2² + 2²) = x / √(x² + 8), at x = 1: 1/3.
    expect(derivative((x: number) => ADMath.hypot(x, 2, 2))(1)).toBeCloseTo(1 / 3, 14);
    expect(grad((x: number) => hypot(2, x, 2))(1)).toBeCloseTo(1 / 3, 14);
  });

  it("share the derivative evenly among three tied arguments, in both modes", () => {
    const f = (x: number) => ADMath.min(x, x, x);
    expect(derivative(f)(2)).toBeCloseTo(1, 15);
    expect(grad(f)(2)).toBeCloseTo(1, 15);
    // Two of three tied at the minimum, the third argument constant: ½ each, 1 in all.
    const [, tangent] = jvp((x: number, y: number) => ADMath.min(x, y, 5), [1, 1], [1, 0]);
    expect(tangent).toBeCloseTo(0.5, 15);
  });

  it("still reduce a tensor, and fold a tensor with numbers elementwise", () => {
    expect(max([[1, 5], [7, 2]])).toBe(7);
    expect(min([[1, 5], [7, 2]], 1).toArray()).toEqual([1, 2]);
    expect((ADMath.max(tensor([1, 5]), 2, 3) as unknown as { toArray(): number[] }).toArray()).toEqual([3, 5]);
  });
});
