import type { Value } from "../../core/value";
import type { Primitive } from "../../core/primitive";
import type { Input } from "../../core/convert";
import { applyPrimitive } from "../../core/primitive";
import { asArray, fromArray } from "../../core/plain";
import { toValue } from "../../core/convert";
import { shapeOf } from "../../core/value";
import { reshape } from "./layout";
import { cumsumAlong } from "../../tensor/kernels/along-axis";
import { normalizeAxes, sizeOf } from "../../tensor/shape";
import type { Tensor } from "../../tensor/tensor";

interface ScanParams {
  readonly axis: number;
  /** Sums from the end of the axis: the transpose of the running sum. */
  readonly reverse: boolean;
}

/**
 * The running sum along an axis is linear: its tangent is the running sum of the tangent, and
 * its transpose sums the cotangent from the end (yₖ = Σⱼ≤ₖ xⱼ, so ∂/∂xⱼ collects Σₖ≥ⱼ gₖ).
 * The two directions are one primitive, each the other's transpose (as index and its scatter).
 */
const cumsumPrimitive: Primitive<ScanParams> = {
  name: "cumsum",
  evaluate: ([x], p) => fromArray(cumsumAlong(asArray(x, "cumsum"), p.axis, p.reverse)),
  jvp: ([dx], _primals, _out, p) => applyPrimitive(cumsumPrimitive, [dx as Value], p),
  vjp: (g, _primals, _out, p) => [applyPrimitive(cumsumPrimitive, [g], { axis: p.axis, reverse: !p.reverse })],
};

/**
 * The running sum along `axis` (NumPy's cumsum): entry k is the sum of entries 0 … k. Without
 * an axis, of the entries in row-major order, flattened to 1-d (a number gives a 1-d Tensor of
 * one entry, as in NumPy). Always a Tensor of x's shape (or 1-d).
 * @example
 * cumsum([1, 2, 3, 4]).toArray()            // [1, 3, 6, 10]
 * cumsum([[1, 2], [3, 4]]).toArray()        // [1, 3, 6, 10]
 * cumsum([[1, 2], [3, 4]], 0).toArray()     // [[1, 2], [4, 6]]
 * cumsum([[1, 2], [3, 4]], -1).toArray()    // [[1, 3], [3, 7]]
 * grad((x: number[]) => sum(cumsum(x)))([5, 5, 5])  // [3, 2, 1]
 */
export function cumsum(x: Input, axis?: number): Tensor;
export function cumsum(x: Input, axis?: number): Value {
  const v = toValue(x, "cumsum");
  const shape = shapeOf(v);
  if (axis === undefined) {
    return applyPrimitive(cumsumPrimitive, [reshape(v, [sizeOf(shape)])], { axis: 0, reverse: false });
  }
  if (typeof axis !== "number") throw new TypeError(`cumsum: the axis is one integer, got ${JSON.stringify(axis)}`);
  // A number scans as a line of one entry (NumPy: cumsum(5, axis=0) is [5]).
  const line = shape.length === 0 ? reshape(v, [1]) : v;
  return applyPrimitive(cumsumPrimitive, [line], { axis: normalizeAxes(axis, Math.max(shape.length, 1), "cumsum")[0], reverse: false });
}
