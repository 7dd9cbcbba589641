import type { Value } from "../../core/value";
import type { Primitive } from "../../core/primitive";
import type { ArrayInput, Elementwise, Input } from "../../core/convert";
import { applyPrimitive } from "../../core/primitive";
import { toValue } from "../../core/convert";
import { primalOf, shapeOf } from "../../core/value";
import { add, div, mul, sub } from "../arithmetic";
import { abs, exp, log, pow } from "../scalar";
import { max, min } from "./extremes";
import { sum, mean } from "./reduce";
import { svd } from "./decompositions";
import { reshape, transpose } from "./layout";
import { index } from "./index";
import { stack } from "./concat";
import { Tensor } from "../../tensor/tensor";
import * as reduceKernels from "../../tensor/kernels/reduce";
import { broadcastShapes, normalizeAxes, sameShape, shapeToString } from "../../tensor/shape";
import { ShapeError, underName } from "../../errors";

/**
 * The Euclidean norm ‖x‖ (Frobenius for matrices). Its gradient x/‖x‖ is taken as 0 at
 * x = 0 (a subgradient) instead of 0/0 = NaN.
 */
const normPrimitive: Primitive<undefined> = {
  name: "norm",
  evaluate: ([x]) => {
    const d = typeof x === "number" ? [x] : (x as Tensor).data;
    let scale = 0;
    for (const v of d) scale = Math.max(scale, Math.abs(v));
    if (scale === 0 || !Number.isFinite(scale)) return scale;
    let s = 0;
    for (const v of d) s += (v / scale) * (v / scale);
    return scale * Math.sqrt(s);
  },
  // x/‖x‖ first: it is at most 1, where g/‖x‖ overflows and x·dx underflows for a subnormal x
  // (the gradient at [1e-320, 1e-320] was Infinity, the tangent 0).
  jvp: ([dx], [x], out) => (isZero(out) ? 0 : sum(mul(div(x, out), dx as Value))),
  vjp: (g, [x], out) => [isZero(out) ? mul(0, x) : mul(g, div(x, out))],
};

function isZero(v: Value): boolean {
  return primalOf(v) === 0;
}

/** Some entry of v's value is ±Infinity. */
function hasInfinite(v: Value): boolean {
  const p = primalOf(v);
  return typeof p === "number" ? Math.abs(p) === Infinity : p.data.some((e) => Math.abs(e) === Infinity);
}

/** Every entry of v's value is 0. */
function allZero(v: Value): boolean {
  const p = primalOf(v);
  return typeof p === "number" ? p === 0 : p.data.every((e) => e === 0);
}

/** Which norm: a vector p-norm (1, 2, Infinity, -Infinity, any p ≥ 1) or a matrix norm ("fro", 1, Infinity). */
export type NormOrder = number | "fro" | "nuc";

/**
 * A norm, as NumPy's `norm(x, ord)`. Vectors: ord 2 (the default, Euclidean), 1 (Σ|xᵢ|),
 * Infinity (max |xᵢ|), -Infinity (min |xᵢ|) or any p ≥ 1 ((Σ|xᵢ|ᵖ)^(1/p)). Matrices: "fro"
 * (the default, Frobenius), 1 (largest column sum of |xᵢⱼ|), Infinity (largest row sum),
 * 2 (spectral: the largest singular value) and "nuc" (nuclear: the sum of singular values).
 * The gradient at 0 is 0, not NaN, for every order — unlike `sqrt(sum(mul(x, x)))`, whose
 * gradient at 0 is NaN (∞·0), in JAX and PyTorch too. With an `axis`, as NumPy's
 * `norm(x, ord, axis)`: the vector norm of every slice along it.
 *
 * @example
 * norm([3, 4])               // 5
 * norm([3, -4], 1)           // 7
 * norm([3, -4], Infinity)    // 4
 * norm([[1, -2], [3, 4]], 1) // 6 (column 2: 2 + 4)
 * norm([[3, 0], [0, -2]], 2) // 3
 * norm([[3, 0], [0, -2]], "nuc") // 5
 * norm([[3, 4], [6, 8]], 2, 1).toArray() // [5, 10]: the rows' norms
 * grad((v: number[]) => norm(v, 3))([1, 2])  // xᵢ|xᵢ|/‖x‖₃² = [0.2311, 0.9245]
 */
export function norm(x: number | ArrayInput, ord?: NormOrder, axis?: undefined): number;
export function norm(x: ArrayInput, ord: NormOrder | undefined, axis: number): Tensor;
export function norm(x: Input, ord?: NormOrder, axis?: number): Value;
export function norm(x: Input, ord?: NormOrder, axis?: number): Value {
  const v = toValue(x, "norm");
  if (axis !== undefined) return normAlong(v, ord, axis);
  const rank = shapeOf(v).length;
  if (ord === undefined || ord === "fro" || (ord === 2 && rank < 2)) {
    if (ord === "fro" && rank !== 2) throw new RangeError(`norm: "fro" is a matrix norm, got shape (${shapeOf(v).join("×")})`);
    // An infinite entry: the norm is ∞ and its derivative that of max|xᵢ| (the limit of
    // xᵢ/‖x‖), as for the p-norms below; x/‖x‖ would be ∞/∞ = NaN.
    if (hasInfinite(v)) return max(abs(v));
    return applyPrimitive(normPrimitive, [v], undefined);
  }
  if (rank === 2) {
    if (ord === 1) return max(sum(abs(v), 0));
    if (ord === Infinity) return max(sum(abs(v), 1));
    // The spectral norm is the largest singular value (gradient u₁v₁ᵀ); the nuclear norm
    // their sum (gradient UVᵀ for a matrix of full rank). At X = 0 the SVD's U and V are
    // arbitrary and gave the gradient [[1, 0], [0, 1], [0, 0]] (½ of it for ord 2): 0, as the
    // other orders give, in both modes.
    if ((ord === 2 || ord === "nuc") && allZero(v)) return mul(0, sum(abs(v)));
    if (ord === 2) return max(svd(v).s);
    if (ord === "nuc") return sum(svd(v).s);
    throw new RangeError(`norm: matrix norms are "fro", "nuc", 1, 2 and Infinity; got ${String(ord)}`);
  }
  if (ord === "nuc") throw new RangeError(`norm: "nuc" is a matrix norm, got shape (${shapeOf(v).join("×")})`);
  if (rank > 2) throw new RangeError(`norm: expected a vector or a matrix, got shape (${shapeOf(v).join("×")})`);
  if (ord === 1) return sum(abs(v));
  if (ord === Infinity) return max(abs(v));
  if (ord === -Infinity) return min(abs(v));
  if (typeof ord !== "number" || !(ord >= 1)) throw new RangeError(`norm: a vector norm needs ord ≥ 1, Infinity or -Infinity, got ${String(ord)}`);
  // (Σ|x|ᵖ)^(1/p) with the largest |xᵢ| factored out, so that it neither overflows nor
  // divides 0 by 0: at x = 0 the value and the gradient are 0.
  const a = abs(v);
  const largest = max(a);
  const m = primalOf(largest) as number;
  if (m === 0) return mul(0, sum(a));
  // An infinite entry dominates: the norm is ∞ (0·∞ gave NaN), its derivative that of max|xᵢ|,
  // the limit of (|xᵢ|/‖x‖)^(p−1). A NaN entry gives NaN through max as well.
  if (!Number.isFinite(m)) return largest;
  return mul(m, pow(sum(pow(div(a, m), ord)), 1 / ord));
}

/** The vector norms of x's slices along `axis`, in the shape of x without that axis. */
function normAlong(v: Value, ord: NormOrder | undefined, axis: number): Value {
  const shape = shapeOf(v);
  const [a] = normalizeAxes(axis, shape.length, "norm");
  if (typeof ord === "string") throw new RangeError(`norm: "${ord}" is a matrix norm; along axis ${axis} the norms are vector norms`);
  const others = shape.map((_, i) => i).filter((i) => i !== a);
  const rest = others.map((i) => shape[i]);
  const count = rest.reduce((p, d) => p * d, 1);
  // One row per slice: the axis moved last, the other axes flattened.
  const rows = reshape(transpose(v, [...others, a]), [count, shape[a]]);
  if (count === 0) return new Tensor(rest, new Float64Array(0));
  const norms = stack(Array.from({ length: count }, (_, i) => norm(index(rows, [i]), ord)));
  return reshape(norms, rest);
}

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
  return underName("logSoftmax", ["logsumexp"], () => sub(v, logsumexp(v, ax, true)));
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
    throw new ShapeError(`mse: pred has shape (${shapeToString(sp)}) and target (${shapeToString(st)}); broadcasting them would compare every prediction with every target — reshape one to the other's shape`);
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

