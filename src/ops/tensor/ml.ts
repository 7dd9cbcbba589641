import type { Value } from "../../core/value";
import type { ArrayInput, Elementwise, Input } from "../../core/convert";
import { toValue } from "../../core/convert";
import { primalOf, shapeOf } from "../../core/value";
import { add, div, mul, sub } from "../arithmetic";
import { exp, log } from "../scalar";
import { sum, mean } from "./reduce";
import { Tensor } from "../../tensor/tensor";
import * as reduceKernels from "../../tensor/kernels/reduce";
import { broadcastShapes, normalizeAxes, sameShape, shapeInParens } from "../../tensor/shape";
import { ShapeError, underName } from "../../errors";
import { checkKeepDims } from "../../tensor/keep-dims";

/**
 * log Σ exp(xᵢ) over all entries or along `axis`, with the maximum factored out so it
 * never overflows: logsumexp([1000, 1000]) === 1000 + Math.LN2. Its gradient is softmax(x).
 * @example
 * logsumexp([0, 0])  // Math.LN2
 */
export function logsumexp(x: number | ArrayInput, axis?: undefined, keepDims?: false): number;
export function logsumexp(x: ArrayInput, axis: number, keepDims?: boolean): Tensor;
export function logsumexp(x: Input, axis?: number, keepDims?: boolean): Value;
export function logsumexp(x: Input, axis?: number, keepDims = false): Value {
  checkKeepDims(keepDims, "logsumexp", "logsumexp takes one axis");
  const v = toValue(x, "logsumexp");
  // The shift m is a constant: the m terms cancel in the derivative, so treating it as
  // constant is exact, and it keeps exp from overflowing.
  const m = shiftOf(v, axis);
  const shifted = sub(v, m.kept);
  const s = log(sum(exp(shifted), axis, true));
  const out = add(s, m.kept);
  return axis === undefined && !keepDims ? sum(out) : keepDims ? out : sum(out, axis);
}

/** The (primal, constant) maximum along axis, kept as a broadcastable tensor/number. */
function shiftOf(v: Value, axis?: number): { kept: Value } {
  const p = primalOf(v);
  if (typeof p === "number") return { kept: Number.isFinite(p) ? p : 0 };
  const axes = axis === undefined ? undefined : normalizeAxes(axis, p.shape.length, "logsumexp");
  if (p.data.length === 0) {
    // No entries: no maximum to shift by (the error named max), and none is needed — the
    // sum of no exponentials is 0, so logsumexp is −∞ (softmax of no entries is empty).
    const shape = p.shape.map((d, i) => (axes === undefined || axes.includes(i) ? 1 : d));
    return { kept: new Tensor(shape, new Float64Array(shape.reduce((a, b) => a * b, 1))) };
  }
  const m = reduceKernels.max(p, axes, true);
  const data = m.data.map((d) => (Number.isFinite(d) ? d : 0));
  return { kept: new Tensor(m.shape, data) };
}

/**
 * exp(xᵢ) / Σ exp(xⱼ), along the last axis by default; stable for large inputs.
 * @example
 * softmax([0, 0]).toArray()  // [0.5, 0.5]
 */
export function softmax<T extends Input>(x: T, axis?: number): Elementwise<T>;
export function softmax(x: Input, axis = -1): Value {
  return underName("softmax", ["logsumexp"], () => {
    const v = toValue(x, "softmax");
    const ax = shapeOf(v).length === 0 ? undefined : axis;
    // exp(x − m) / Σ exp(x − m) with m the (constant) maximum: exact to rounding, where
    // exp(x − logsumexp(x)) loses the digits of a large logsumexp (4e-14 at x ≈ 1000).
    const e = exp(sub(v, shiftOf(v, ax).kept));
    return div(e, sum(e, ax, true));
  });
}

/**
 * log softmax(x) = xᵢ − logsumexp(x), along the last axis by default: finite, with a finite
 * gradient, where log(softmax(x)) underflows to log 0 (the log-probabilities of a classifier;
 * PyTorch's log_softmax, JAX's log_softmax).
 * @example
 * logSoftmax([1000, 0]).toArray()  // [0, -1000]
 */
export function logSoftmax<T extends Input>(x: T, axis?: number): Elementwise<T>;
export function logSoftmax(x: Input, axis = -1): Value {
  const v = toValue(x, "logSoftmax");
  const ax = shapeOf(v).length === 0 ? undefined : axis;
  return underName("logSoftmax", ["logsumexp"], () => {
    // (x − m) − log Σ exp(x − m) with m the (constant) maximum, not x − logsumexp(x): that
    // subtracts 1000 + ln 2 from 1000 and keeps the rounding of the large sum, so
    // logSoftmax([1000, 1000]) was −0.6931471805598903 where −ln 2 is −0.6931471805599453.
    const shifted = sub(v, shiftOf(v, ax).kept);
    return sub(shifted, log(sum(exp(shifted), ax, true)));
  });
}

/**
 * The mean squared error mean((pred − target)²). The target has pred's shape, or one that
 * broadcasts to it (a number, a row of per-column targets).
 * @example
 * mse([1, 2], [1, 4])  // 2
 */
export function mse(pred: ArrayInput, target: Input): number;
export function mse(pred: Input, target: Input): Value;
export function mse(pred: Input, target: Input): Value {
  const p = toValue(pred, "mse");
  const t = toValue(target, "mse");
  // A column of predictions against a vector of targets, (n×1) and (n), broadcasts to n×n
  // and averages every prediction against every target: mse([[1], [2], [3]], [1, 2, 3]) was
  // 1.33 where each prediction is exact (PyTorch warns of the same trap).
  const [sp, st] = [shapeOf(p), shapeOf(t)];
  if (!sameShape(broadcastShapes(sp, st, "mse"), sp)) {
    throw new ShapeError(`mse: pred has shape ${shapeInParens(sp)} and target ${shapeInParens(st)}; broadcasting them would compare every prediction with every target — reshape one to the other's shape`);
  }
  const d = sub(p, t);
  return mean(mul(d, d));
}

/**
 * s·A: a scalar times a tensor (or array).
 * @example
 * scale(2, [[1, 2], [3, 4]]).toArray()  // [[2, 4], [6, 8]]
 */
export function scale<S extends Input, A extends Input>(s: S, a: A): Elementwise<S, A>;
export function scale(s: Input, a: Input): Value {
  return mul(toValue(s, "scale"), toValue(a, "scale"));
}

