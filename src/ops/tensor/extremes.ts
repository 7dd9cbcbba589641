import type { Value } from "../../core/value";
import type { Primitive } from "../../core/primitive";
import type { ArrayInput, Input } from "../../core/convert";
import { applyPrimitive } from "../../core/primitive";
import { asArray, fromArray } from "../../core/plain";
import { toValue } from "../../core/convert";
import { isValue, primalOf, shapeOf } from "../../core/value";
import { strongZeroProduct } from "../../core/strong-zero-product";
import { broadcastTo } from "../broadcast";
import { reshape } from "./layout";
import { sum } from "./reduce";
import * as scalar from "../scalar";
import * as kernels from "../../tensor/kernels/reduce";
import { normalizeAxes } from "../../tensor/shape";
import { Tensor } from "../../tensor/tensor";
import { checkKeepDims, severalAxesHint } from "../../tensor/keep-dims";

interface ExtremeParams {
  readonly which: "max" | "min";
  readonly axes?: number | readonly number[];
  readonly keepDims: boolean;
}

/** The derivative follows the extreme entry; ties share it equally (see extremeMask). */
const extremePrimitive: Primitive<ExtremeParams> = {
  name: "extreme",
  evaluate: ([x], p) => {
    const a = asArray(x, p.which);
    return fromArray(p.which === "max" ? kernels.max(a, p.axes, p.keepDims) : kernels.min(a, p.axes, p.keepDims));
  },
  // Products with a strong zero (core/strong-zero-product.ts): an entry that is not an extreme
  // takes nothing from an infinite cotangent and gives nothing of an infinite tangent.
  jvp: ([dx], [x], _out, p) => sum(strongZeroProduct(dx as Value, maskOf(x, p)), p.axes, p.keepDims),
  vjp: (g, [x], _out, p) => {
    const shape = shapeOf(x);
    const kept = kernels.reducedShape(shape, normalizeAxes(p.axes, shape.length, p.which), true);
    return [strongZeroProduct(broadcastTo(reshape(g, kept), shape), maskOf(x, p))];
  },
};

function maskOf(x: Value, p: ExtremeParams): Tensor {
  return Tensor.wrap(kernels.extremeMask(asArray(primalOf(x), p.which), p.axes, p.which));
}

function isTensorLike(x: unknown): boolean {
  return Array.isArray(x) || (isValue(x) && typeof primalOf(x) !== "number");
}

function reduceOrFold(which: "max" | "min", args: Input[]): Value {
  const [x, axes, keepDims] = args as [Input, number | number[] | undefined, boolean | undefined];
  if (args.length >= 1 && isTensorLike(x) && (args.length === 1 || typeof axes === "number" || Array.isArray(axes) || axes === undefined)) {
    checkKeepDims(keepDims, which, severalAxesHint(which));
    const v = toValue(x, which);
    return applyPrimitive(extremePrimitive, [v], { which, axes: axes ?? undefined, keepDims: Boolean(keepDims) });
  }
  return which === "max" ? scalar.max(...args) : scalar.min(...args);
}

/**
 * The largest entry of a tensor or array, over all axes or the given ones (NumPy's max);
 * with scalar arguments, the largest of them (like Math.max). The derivative follows the
 * largest entry; ties share it equally.
 * @example
 * max([[1, 5], [7, 2]])           // 7
 * max([[1, 5], [7, 2]], 1).toArray() // [5, 7]
 * max(1, 4, 2)                    // 4
 */
export function max(x: number | ArrayInput, axes?: undefined, keepDims?: false): number;
export function max(x: ArrayInput, axes: number | readonly number[], keepDims?: boolean): Tensor;
export function max(...xs: number[]): number;
export function max(...args: Input[]): Value;
export function max(a?: unknown, b?: unknown, c?: unknown): Value {
  // Two or three plain numbers skip the rest array and the tensor checks: max(i, 5) in a
  // cell's loop took 35× Math.max in Node through them. Numbers always fold (scalar.max).
  if (typeof a === "number" && typeof b === "number" && (arguments.length === 2 || (arguments.length === 3 && typeof c === "number"))) {
    return arguments.length === 2 ? scalar.max(a, b) : scalar.max(a, b, c as number);
  }
  return reduceOrFold("max", Array.prototype.slice.call(arguments) as Input[]);
}

/**
 * The smallest entry, over all axes or the given ones; with scalar arguments, the
 * smallest of them (like Math.min).
 * @example
 * min([[1, 5], [7, 2]])  // 1
 */
export function min(x: number | ArrayInput, axes?: undefined, keepDims?: false): number;
export function min(x: ArrayInput, axes: number | readonly number[], keepDims?: boolean): Tensor;
export function min(...xs: number[]): number;
export function min(...args: Input[]): Value;
export function min(a?: unknown, b?: unknown, c?: unknown): Value {
  // Two or three plain numbers skip the rest array and the tensor checks: min(i, 5) in a
  // cell's loop took 35× Math.min in Node through them. Numbers always fold (scalar.min).
  if (typeof a === "number" && typeof b === "number" && (arguments.length === 2 || (arguments.length === 3 && typeof c === "number"))) {
    return arguments.length === 2 ? scalar.min(a, b) : scalar.min(a, b, c as number);
  }
  return reduceOrFold("min", Array.prototype.slice.call(arguments) as Input[]);
}

/**
 * The index of the largest entry: over all entries (row-major, a number), or along `axis`
 * (a tensor of indices). The first index wins a tie. An index has no derivative: the result
 * is plain. `keepDims` keeps the reduced axis with length 1, as NumPy's keepdims.
 * @example
 * argmax([3, 7, 7, 1])                 // 1
 * argmax([[1, 9], [8, 2]], 1).toArray() // [1, 0]
 * argmax([[1, 9], [8, 2]], 1, true).toArray() // [[1], [0]]
 */
export function argmax(x: Input, axis?: undefined, keepDims?: false): number;
export function argmax(x: Input, axis: number, keepDims?: boolean): Tensor;
export function argmax(x: Input, axis: number | undefined, keepDims: true): Tensor;
export function argmax(x: Input, axis?: number, keepDims?: boolean): number | Tensor;
export function argmax(x: Input, axis?: number, keepDims = false): number | Tensor {
  return argExtreme(x, axis, keepDims, "argmax", (a, b) => a > b);
}

/**
 * The index of the smallest entry (see argmax).
 * @example
 * argmin([3, 7, 0, 1])  // 2
 */
export function argmin(x: Input, axis?: undefined, keepDims?: false): number;
export function argmin(x: Input, axis: number, keepDims?: boolean): Tensor;
export function argmin(x: Input, axis: number | undefined, keepDims: true): Tensor;
export function argmin(x: Input, axis?: number, keepDims?: boolean): number | Tensor;
export function argmin(x: Input, axis?: number, keepDims = false): number | Tensor {
  return argExtreme(x, axis, keepDims, "argmin", (a, b) => a < b);
}

function argExtreme(x: Input, axis: number | undefined, keepDims: boolean, op: string, better: (a: number, b: number) => boolean): number | Tensor {
  checkKeepDims(keepDims, op, `${op} takes one axis`);
  const p = primalOf(toValue(x, op));
  const t = typeof p === "number" ? new Tensor([], Float64Array.of(p)) : p;
  const pick = (start: number, count: number, stride: number): number => {
    let best = 0;
    for (let k = 1; k < count; k++) {
      const v = t.data[start + k * stride];
      // NaN is the extreme, as in NumPy: once found it stays.
      if (Number.isNaN(t.data[start + best * stride])) break;
      if (Number.isNaN(v) || better(v, t.data[start + best * stride])) best = k;
    }
    return best;
  };
  if (axis === undefined) {
    if (t.data.length === 0) throw new RangeError(`${op}: an empty tensor has no extreme entry`);
    const i = pick(0, t.data.length, 1);
    return keepDims ? new Tensor(t.shape.map(() => 1), Float64Array.of(i)) : i;
  }
  // One axis: of a list only the first was read (argmax(X, [0, 1]) gave the column
  // maxima's rows); NumPy takes one axis too.
  if (Array.isArray(axis)) throw new TypeError(`${op}: the axis is one integer, got ${JSON.stringify(axis)}`);
  const [ax] = normalizeAxes(axis, t.shape.length, op);
  const n = t.shape[ax];
  if (n === 0) throw new RangeError(`${op}: axis ${axis} is empty`);
  const stride = t.shape.slice(ax + 1).reduce((a, b) => a * b, 1);
  const outer = t.shape.slice(0, ax).reduce((a, b) => a * b, 1);
  const out = new Float64Array(outer * stride);
  for (let o = 0; o < outer; o++) for (let i = 0; i < stride; i++) out[o * stride + i] = pick(o * n * stride + i, n, stride);
  // keepDims was ignored: the indices could not broadcast back against x along the axis.
  return new Tensor(t.shape.map((d, i) => (i === ax ? (keepDims ? 1 : -1) : d)).filter((d) => d >= 0), out);
}
