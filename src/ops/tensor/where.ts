import type { Value } from "../../core/value";
import { primalOf, shapeOf } from "../../core/value";
import { applyPrimitive, type Primitive } from "../../core/primitive";
import { asArray, fromArray } from "../../core/plain";
import { toValue, type Elementwise, type Input } from "../../core/convert";
import { broadcastShapes } from "../../tensor/shape";
import * as kernels from "../../tensor/kernels/reduce";
import { broadcastTo } from "../broadcast";
import { DifferentiationError } from "../../errors";

/*
 * where(cond, a, b): a's entry where cond holds, b's elsewhere — NumPy's, JAX's and PyTorch's
 * where. It selects, never multiplies by the mask: an entry of the branch not taken (√x at
 * x < 0: NaN; 1/x at 0: ∞) reaches neither the value nor, in forward mode, the tangent.
 * Reverse mode still runs the untaken branch's rule with a zero cotangent; products of
 * derivatives have a strong zero (core/strong-zero-product.ts), so 0·∞ there is 0, not the
 * NaN of JAX and PyTorch, for which the "double where" keeps the input safe too.
 */

/** The condition, broadcast to the result's shape: 1 where a is taken. */
type Mask = Float64Array;

/** Selection between two values of the result's shape; a number stands for all entries. */
const selectPrimitive: Primitive<Mask> = {
  name: "where",
  evaluate: ([a, b], mask) => {
    const shapeSource = typeof a === "number" ? b : a;
    if (typeof shapeSource === "number") return mask[0] ? a : b;
    const x = asArray(a, "where").data;
    const y = asArray(b, "where").data;
    const out = new Float64Array(mask.length);
    for (let i = 0; i < mask.length; i++) out[i] = mask[i] ? x[x.length === 1 ? 0 : i] : y[y.length === 1 ? 0 : i];
    return fromArray({ shape: asArray(shapeSource, "where").shape, data: out });
  },
  // Selected tangents: the untaken branch's tangent (∞ from √ at 0) is dropped, not multiplied by 0.
  jvp: ([da, db], _primals, _out, mask) => applyPrimitive(selectPrimitive, [da ?? 0, db ?? 0], mask),
  vjp: (g, _primals, _out, mask, needs) => [
    needs[0] ? applyPrimitive(selectPrimitive, [g, 0], mask) : null,
    needs[1] ? applyPrimitive(selectPrimitive, [0, g], mask) : null,
  ],
};

/** cond's values as 0/1: a boolean, a number, a 0/1 mask Tensor (gt(x, 0)) or an array (of booleans or numbers). */
function conditionOf(cond: Condition): { shape: readonly number[]; data: Float64Array } {
  if (typeof cond === "boolean") return { shape: [], data: Float64Array.of(cond ? 1 : 0) };
  if (cond === undefined || cond === null || typeof cond === "string") {
    throw new DifferentiationError(`where: the condition must be a boolean, a number or a mask such as gt(x, 0), got ${cond === null ? "null" : typeof cond === "string" ? `the string ${JSON.stringify(cond)}` : "undefined"}`);
  }
  // The condition is a constant to every derivative: only its values are read. A list of
  // booleans, [true, false] or xs.map((v) => v > 0), NumPy's boolean mask, read "element 0 is
  // boolean true, not a number".
  const p = primalOf(toValue((Array.isArray(cond) ? booleansAsNumbers(cond) : cond) as Input, "where"));
  const a = asArray(p, "where");
  return { shape: a.shape, data: a.data.map((v) => (v !== 0 && !Number.isNaN(v) ? 1 : 0)) };
}

/** Booleans nested in arrays: a mask written out, [[true, false], [false, true]]. */
export type Booleans = readonly (boolean | Booleans)[];

/** What where selects by: a boolean, a 0/1 mask value (gt(x, 0)), an array of numbers, or of booleans. */
export type Condition = boolean | Input | Booleans;

/** Nested arrays with true and false as 1 and 0; other entries as they are. */
function booleansAsNumbers(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(booleansAsNumbers);
  return typeof x === "boolean" ? Number(x) : x;
}

/**
 * a where cond holds, b elsewhere, entry by entry with broadcasting (NumPy's, JAX's and
 * PyTorch's where); cond is a boolean, a mask such as `gt(x, 0)` or an array of booleans, and no derivative flows
 * through it. Only the branch taken reaches the value and its derivative.
 *
 * Reverse mode still multiplies a zero cotangent by the untaken branch's own derivative, and
 * a zero gives 0 even against ∞, so `where(gt(x, 0), sqrt(x), 0)` has gradient 0 at x = 0
 * (JAX and PyTorch give NaN, 0·∞, and need the "double where",
 * `where(c, sqrt(where(c, x, 1)), 0)`, which gives the same here). On numbers where, like
 * `x > 0 ? sqrt(x) : 0`, gives the branch taken itself.
 *
 * @example
 * where(gt([1, -2, 3], 0), [10, 20, 30], 0).toArray()  // [10, 0, 30]
 * where([true, false], [1, 2], [3, 4]).toArray()  // [1, 4]
 * grad((x: Tensor) => sum(where(gt(x, 0), sqrt(x), 0)))(tensor([0, 4])).toArray()  // [0, 0.25]
 */
export function where<A extends Input, B extends Input>(cond: Condition, a: A, b: B): Elementwise<A, B>;
export function where(cond: Condition, a: Input, b: Input): Value;
export function where(cond: Condition, a: Input, b: Input): Value {
  // where(c, a) read "expected a number, … got undefined", not which argument was missing.
  if (arguments.length < 3) throw new TypeError(`where: takes three arguments, where(cond, a, b): a where cond holds, b elsewhere; got ${arguments.length}`);
  const mask = conditionOf(cond);
  const va = toValue(a, "where");
  const vb = toValue(b, "where");
  const shape = broadcastShapes(broadcastShapes(mask.shape, shapeOf(va), "where"), shapeOf(vb), "where");
  // Numbers: one branch, as a conditional expression takes it.
  if (shape.length === 0) return mask.data[0] ? va : vb;
  const fullMask = kernels.broadcastTo(mask, shape).data;
  const fit = (v: Value): Value => (shapeOf(v).length === shape.length && shapeOf(v).every((d, i) => d === shape[i]) ? v : broadcastTo(v, shape));
  return applyPrimitive(selectPrimitive, [fit(va), fit(vb)], fullMask);
}
