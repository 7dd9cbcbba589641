import type { Value } from "../../core/value";
import type { Primitive } from "../../core/primitive";
import type { ArrayInput, Input } from "../../core/convert";
import { applyPrimitive } from "../../core/primitive";
import { asArray, fromArray } from "../../core/plain";
import { toValue } from "../../core/convert";
import { shapeOf } from "../../core/value";
import { div } from "../arithmetic";
import { broadcastTo } from "../broadcast";
import { reshape } from "./layout";
import * as kernels from "../../tensor/kernels/reduce";
import { normalizeAxes, sizeOf } from "../../tensor/shape";
import { Tensor } from "../../tensor/tensor";
import { sumPending } from "../../tensor/deferred";
import { checkKeepDims, severalAxesHint } from "../../tensor/keep-dims";

interface SumParams {
  readonly axes?: number | readonly number[];
  readonly keepDims: boolean;
}

const sumPrimitive: Primitive<SumParams> = {
  name: "sum",
  // A pending array (tensor/deferred.ts) is summed element by element as it is computed, never made.
  evaluate: ([x], p) => (x instanceof Tensor && x.pending !== null && p.axes === undefined && !p.keepDims ? sumPending(x) : fromArray(kernels.sum(asArray(x, "sum"), p.axes, p.keepDims))),
  jvp: ([dx], _p, _out, p) => sumValue(dx as Value, p),
  vjp: (g, [x], _out, p) => {
    // Put the summed axes back as 1s, then spread the cotangent over them.
    const shape = shapeOf(x);
    const kept = kernels.reducedShape(shape, normalizeAxes(p.axes, shape.length, "sum"), true);
    return [broadcastTo(reshape(g, kept), shape)];
  },
  // A sum of every element of a plain array can end a fused backward run (W2's Σ …).
  fusable: ([x], out, p) => (p.axes === undefined && x instanceof Tensor ? { rule: sumRecordRule, partials: [], operands: [x], out: out as Tensor | number, sumsAll: true } : undefined),
};

/** Identifies a full sum in the fused backward's cache. */
const sumRecordRule = { name: "sum" };

function sumValue(x: Value, p: SumParams): Value {
  if (shapeOf(x).length === 0) return x;
  return applyPrimitive(sumPrimitive, [x], p);
}

/**
 * The sum of all entries, or along the given axes.
 * @example
 * sum([[1, 2], [3, 4]])           // 10
 * sum([[1, 2], [3, 4]], 0).toArray()  // [4, 6]
 */
export function sum(x: number | ArrayInput, axes?: undefined, keepDims?: false): number;
export function sum(x: ArrayInput, axes: number | readonly number[], keepDims?: boolean): Tensor;
export function sum(x: Input, axes?: number | readonly number[], keepDims?: boolean): Value;
export function sum(x: Input, axes?: number | readonly number[], keepDims = false): Value {
  checkKeepDims(keepDims, "sum", severalAxesHint("sum"));
  return sumValue(toValue(x, "sum"), { axes, keepDims });
}

/**
 * The mean of all entries, or along the given axes.
 * @example
 * mean([1, 2, 3, 4])  // 2.5
 */
export function mean(x: number | ArrayInput, axes?: undefined, keepDims?: false): number;
export function mean(x: ArrayInput, axes: number | readonly number[], keepDims?: boolean): Tensor;
export function mean(x: Input, axes?: number | readonly number[], keepDims?: boolean): Value;
export function mean(x: Input, axes?: number | readonly number[], keepDims = false): Value {
  checkKeepDims(keepDims, "mean", severalAxesHint("mean"));
  const v = toValue(x, "mean");
  const shape = shapeOf(v);
  const count = sizeOf(normalizeAxes(axes, shape.length, "mean").map((a) => shape[a]));
  return div(sumValue(v, { axes, keepDims }), count);
}
