import type { Value } from "../../core/value";
import type { Primitive } from "../../core/primitive";
import type { ArrayInput, Input } from "../../core/convert";
import { applyPrimitive } from "../../core/primitive";
import { toValue } from "../../core/convert";
import { primalOf, shapeOf } from "../../core/value";
import { Tensor } from "../../tensor/tensor";
import { ShapeError } from "../../errors";
import { sizeOf } from "../../tensor/shape";
import { describe } from "../../api/containers";

interface Range {
  readonly start: number;
  readonly stop: number;
}

/**
 * Rows start … stop−1 along the first axis: one contiguous block of row-major storage, so
 * the slice is a view of it (tensors are never written in place, so sharing is safe) and
 * costs no copy.
 */
const slicePrimitive: Primitive<Range> = {
  name: "slice",
  evaluate: ([x], { start, stop }) => {
    const t = x as Tensor;
    const row = sizeOf(t.shape.slice(1));
    return new Tensor([stop - start, ...t.shape.slice(1)], t.data.subarray(start * row, stop * row));
  },
  jvp: ([dx], _p, _out, range) => sliceValue(dx as Value, range),
  vjp: (g, [x], _out, range) => [padValue(g, shapeOf(x)[0], range)],
  blockOffset: ([x], { start }) => start * sizeOf((x as Tensor).shape.slice(1)),
};

/** The transpose of slice: the block placed back among zero rows. */
const padPrimitive: Primitive<{ rows: number; start: number }> = {
  name: "padRows",
  evaluate: ([g], { rows, start }) => {
    const t = g as Tensor;
    return placeBlock(t, [rows, ...t.shape.slice(1)], start * sizeOf(t.shape.slice(1)));
  },
  jvp: ([dg], _p, _out, params) => applyPrimitive(padPrimitive, [dg as Value], params),
  vjp: (g, [x], _out, { start }) => [sliceValue(g, { start, stop: start + shapeOf(x)[0] })],
};

/** g's entries from element `offset` on, among zeros of `shape` (slice's transpose on plain arrays). */
export function placeBlock(g: Tensor, shape: readonly number[], offset: number): Tensor {
  const data = new Float64Array(sizeOf(shape));
  data.set(g.data, offset);
  return new Tensor([...shape], data);
}

function sliceValue(x: Value, range: Range): Value {
  return applyPrimitive(slicePrimitive, [x], range);
}

function padValue(g: Value, rows: number, range: Range): Value {
  return applyPrimitive(padPrimitive, [g], { rows, start: range.start });
}

/**
 * Rows start … stop−1 of a tensor along its first axis (negative indices count from the
 * end, as in Array.prototype.slice); differentiable. The bounds are integers (or ±Infinity).
 * @example
 * slice([1, 2, 3, 4], 1, -1).toArray()  // [2, 3]
 */
export function slice(x: ArrayInput, start?: number, stop?: number): Tensor;
export function slice(x: Input, start?: number, stop?: number): Value;
export function slice(x: Input, start = 0, stop?: number): Value {
  const v = toValue(x, "slice");
  const p = primalOf(v);
  if (typeof p === "number") throw new ShapeError("slice: cannot slice a scalar");
  const n = p.shape[0];
  for (const [what, bound] of [["start", start], ["stop", stop]] as const) {
    if (bound !== undefined && !Number.isInteger(bound) && Math.abs(bound) !== Infinity) {
      // "the start an array of 1 is not an integer" for slice(x, [1]): the value set off by commas.
      throw new ShapeError(`slice: the ${what}${typeof bound === "number" ? ` ${bound}` : `, ${describe(bound)},`} is not an integer (a row index along the first axis)`);
    }
  }
  const norm = (i: number) => Math.min(n, Math.max(0, i < 0 ? n + i : i));
  const s = norm(start);
  const e = Math.max(s, norm(stop ?? n));
  return sliceValue(v, { start: s, stop: e });
}
