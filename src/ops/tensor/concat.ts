import type { Value } from "../../core/value";
import type { Primitive } from "../../core/primitive";
import type { ArrayInput, Input } from "../../core/convert";
import { applyPrimitive } from "../../core/primitive";
import { toValue } from "../../core/convert";
import { shapeOf } from "../../core/value";
import { zerosLike } from "../../core/constants";
import { Tensor } from "../../tensor/tensor";
import { ShapeError } from "../../errors";
import { shapeToString, shapeInParens } from "../../tensor/shape";
import { reshape, transpose } from "./layout";
import { slice } from "./slice";

/**
 * Tensors joined along their first axis: their row-major blocks one after another.
 * Derivative: the tangents joined the same way; the pullback slices the cotangent back
 * into one block per input.
 */
const concatRowsPrimitive: Primitive<undefined> = {
  name: "concat",
  evaluate: (xs) => {
    const ts = xs as Tensor[];
    const rows = ts.reduce((n, t) => n + t.shape[0], 0);
    const data = new Float64Array(ts.reduce((n, t) => n + t.data.length, 0));
    let offset = 0;
    for (const t of ts) {
      data.set(t.data, offset);
      offset += t.data.length;
    }
    return new Tensor([rows, ...ts[0].shape.slice(1)], data);
  },
  jvp: (tangents, xs) => applyPrimitive(concatRowsPrimitive, tangents.map((t, i) => t ?? zerosLike(xs[i])), undefined),
  vjp: (g, xs, _out, _p, needs) => {
    let start = 0;
    return xs.map((x, i) => {
      const rows = shapeOf(x)[0];
      const part = needs[i] ? slice(g, start, start + rows) : null;
      start += rows;
      return part;
    });
  },
};

/** The axes of a rank-r tensor with `axis` moved to the front (and the inverse order). */
function frontOf(rank: number, axis: number): { forward: number[]; back: number[] } {
  const forward = [axis, ...Array.from({ length: rank }, (_, i) => i).filter((i) => i !== axis)];
  const back = forward.map((_, i) => forward.indexOf(i));
  return { forward, back };
}

function normalizeAxis(axis: number, rank: number, op: string): number {
  const a = axis < 0 ? axis + rank : axis;
  if (!Number.isInteger(a) || a < 0 || a >= rank) throw new ShapeError(`${op}: axis ${axis} is out of range for rank ${rank}`);
  return a;
}

/**
 * Tensors joined along an existing axis (default 0), as NumPy's concatenate; all other
 * axes must agree. Differentiable in every input.
 * @example
 * concat([[1, 2], [3]]).toArray()                 // [1, 2, 3]
 * concat([[[1, 2]], [[3, 4]]], 1).toArray()       // [[1, 2, 3, 4]]
 */
export function concat(xs: readonly ArrayInput[], axis?: number): Tensor;
export function concat(xs: readonly Input[], axis?: number): Value;
export function concat(xs: readonly Input[], axis = 0): Value {
  if (!Array.isArray(xs) || xs.length === 0) throw new ShapeError("concat: give a non-empty array of tensors");
  const vs = xs.map((x) => toValue(x, "concat"));
  const shapes = vs.map((v) => shapeOf(v));
  const rank = shapes[0].length;
  if (rank === 0) throw new ShapeError("concat: scalars have no axis to join along (use stack)");
  const a = normalizeAxis(axis, rank, "concat");
  shapes.forEach((s, i) => {
    const agrees = s.length === rank && s.every((n, k) => k === a || n === shapes[0][k]);
    if (!agrees) throw new ShapeError(`concat: input ${i} has shape ${shapeInParens(s)} but input 0 has ${shapeInParens(shapes[0])}; they may differ only along axis ${a}`);
  });
  if (a === 0) return applyPrimitive(concatRowsPrimitive, vs, undefined);
  const { forward, back } = frontOf(rank, a);
  const joined = applyPrimitive(concatRowsPrimitive, vs.map((v) => transpose(v, forward)), undefined);
  return transpose(joined, back);
}

/**
 * Tensors of one shape stacked along a new axis (default 0), as NumPy's stack.
 * @example
 * stack([[1, 2], [3, 4]]).toArray()     // [[1, 2], [3, 4]]
 * stack([[1, 2], [3, 4]], 1).toArray()  // [[1, 3], [2, 4]]
 */
export function stack(xs: readonly (number | ArrayInput)[], axis?: number): Tensor;
export function stack(xs: readonly Input[], axis?: number): Value;
export function stack(xs: readonly Input[], axis = 0): Value {
  if (!Array.isArray(xs) || xs.length === 0) throw new ShapeError("stack: give a non-empty array of tensors");
  const vs = xs.map((x) => toValue(x, "stack"));
  const shape = shapeOf(vs[0]);
  vs.forEach((v, i) => {
    if (shapeToString(shapeOf(v)) !== shapeToString(shape)) throw new ShapeError(`stack: input ${i} has shape ${shapeInParens(shapeOf(v))} but input 0 has ${shapeInParens(shape)}`);
  });
  const a = normalizeAxis(axis, shape.length + 1, "stack");
  const lifted = vs.map((v) => reshape(v, [...shape.slice(0, a), 1, ...shape.slice(a)]));
  return concat(lifted, a);
}
