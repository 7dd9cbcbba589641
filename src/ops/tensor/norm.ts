import type { Value } from "../../core/value";
import type { Primitive } from "../../core/primitive";
import type { ArrayInput, Input } from "../../core/convert";
import { applyPrimitive } from "../../core/primitive";
import { toValue } from "../../core/convert";
import { primalOf, shapeOf } from "../../core/value";
import { div, mul } from "../arithmetic";
import { strongZeroProduct } from "../../core/strong-zero-product";
import { abs, pow } from "../scalar";
import { max, min } from "./extremes";
import { sum } from "./reduce";
import { svd } from "./decompositions";
import { reshape, transpose } from "./layout";
import { index } from "./index";
import { stack } from "./concat";
import { Tensor } from "../../tensor/tensor";
import { normalizeAxes } from "../../tensor/shape";
import { DifferentiationError, ShapeError } from "../../errors";
import { isAD } from "../../core/value";
import { checkKeepDims } from "../../tensor/keep-dims";
import { describeArgument } from "../../tensor/describe-argument";

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
  jvp: ([dx], [x], out) => (isZero(out) ? 0 : sum(strongZeroProduct(dx as Value, div(x, out)))),
  // Products with a strong zero (core/strong-zero-product.ts): an entry of x of 0 takes nothing
  // from an infinite cotangent, and an infinite tangent gives nothing through it.
  vjp: (g, [x], out) => [isZero(out) ? mul(0, x) : strongZeroProduct(g, div(x, out))],
};

function isZero(v: Value): boolean {
  return primalOf(v) === 0;
}

/** Some entry of v's value is ±Infinity. */
function hasInfinite(v: Value): boolean {
  const p = primalOf(v);
  return typeof p === "number" ? Math.abs(p) === Infinity : p.data.some((e) => Math.abs(e) === Infinity);
}

/** How many entries v's value has. */
function sizeOfValue(v: Value): number {
  const p = primalOf(v);
  return typeof p === "number" ? 1 : p.data.length;
}

/** Every entry of v's value is 0. */
function allZero(v: Value): boolean {
  const p = primalOf(v);
  return typeof p === "number" ? p === 0 : p.data.every((e) => e === 0);
}

/** Which norm: a vector p-norm (1, 2, Infinity, -Infinity, any p ≥ 1) or a matrix norm ("fro", 1, Infinity). */
export type NormOrder = number | "fro" | "nuc";

/**
 * A norm, as NumPy's `norm(x, ord, axis, keepdims)`. Vectors: ord 2 (the default,
 * Euclidean), 1 (Σ|xᵢ|), Infinity (max |xᵢ|), -Infinity (min |xᵢ|) or any p ≥ 1
 * ((Σ|xᵢ|ᵖ)^(1/p)). Matrices: "fro" (the default, Frobenius), 1 (largest column sum of
 * |xᵢⱼ|), Infinity (largest row sum), 2 (spectral: the largest singular value) and "nuc"
 * (nuclear: the sum of singular values). The gradient at 0 is 0, not NaN, for every order —
 * unlike `sqrt(sum(mul(x, x)))`, whose gradient at 0 is NaN (∞·0), in JAX and PyTorch too.
 * With one `axis`, the vector norm of every slice along it; with two, `[rows, cols]`, the
 * matrix norm of every matrix in those axes (a batch of matrices). `keepDims` keeps the
 * reduced axes with length 1, so the result broadcasts against x (x / norm(x, 2, 1, true)
 * normalises the rows).
 *
 * @example
 * norm([3, 4])               // 5
 * norm([3, -4], 1)           // 7
 * norm([3, -4], Infinity)    // 4
 * norm([[1, -2], [3, 4]], 1) // 6 (column 2: 2 + 4)
 * norm([[3, 0], [0, -2]], 2) // 3
 * norm([[3, 0], [0, -2]], "nuc") // 5
 * norm([[3, 4], [6, 8]], 2, 1).toArray() // [5, 10]: the rows' norms
 * norm([[3, 4], [6, 8]], 2, 1, true).toArray() // [[5], [10]]
 * norm([[[3, 0], [0, 4]], [[1, 0], [0, 1]]], "fro", [1, 2]).toArray() // [5, 1.4142]: one per matrix
 * grad((v: number[]) => norm(v, 3))([1, 2])  // xᵢ|xᵢ|/‖x‖₃² = [0.2311, 0.9245]
 */
export function norm(x: number | ArrayInput, ord?: NormOrder, axis?: undefined, keepDims?: false): number;
export function norm(x: ArrayInput, ord: NormOrder | undefined, axis: number | readonly number[], keepDims?: boolean): Tensor;
export function norm(x: ArrayInput, ord: NormOrder | undefined, axis: undefined, keepDims: true): Tensor;
export function norm(x: Input, ord?: NormOrder, axis?: number | readonly number[], keepDims?: boolean): Value;
export function norm(x: Input, ord?: NormOrder, axis?: number | readonly number[], keepDims = false): Value {
  const v = toValue(x, "norm");
  // ord of a dual number or tape variable read "needs ord ≥ 1 …, got Dual(2, 1)" for a valid order.
  if (isAD(ord)) {
    throw new DifferentiationError(`norm: ord must be a plain number, not a differentiable value (${String(ord)}); for a derivative in p write the p-norm out, pow(sum(pow(abs(x), p)), 1 / p)`);
  }
  checkKeepDims(keepDims, "norm", "matrix norms take their two axes as one array, norm(x, ord, [1, 2])");
  const shape = shapeOf(v);
  let out: Value;
  let reduced: readonly number[];
  if (axis === undefined) {
    out = wholeNorm(v, ord);
    reduced = shape.map((_, i) => i);
  } else {
    // A list of two axes asks for matrix norms: only the first was read, and
    // norm(X, 2, [1, 2]) gave the vector norms along axis 1, of the wrong shape.
    const axes = typeof axis === "number" ? [axis] : Array.isArray(axis) ? axis : null;
    // [[1, 2]] passed as one axis gave the vector norms along axis 1, silently.
    if (axes === null || axes.length === 0 || axes.length > 2 || !axes.every((a) => typeof a === "number")) {
      const shown = Array.isArray(axis) ? `[${axis.map((a: unknown) => (typeof a === "number" ? String(a) : Array.isArray(a) ? JSON.stringify(a) : describeArgument(a))).join(", ")}]` : describeArgument(axis);
      throw new ShapeError(`norm: axis is one axis (vector norms) or two, [rows, cols] (matrix norms); got ${shown}`);
    }
    // Each on its own: the order of a pair matters (rows, then columns).
    reduced = axes.map((a: number) => normalizeAxes(a, shape.length, "norm")[0]);
    if (reduced.length === 2 && reduced[0] === reduced[1]) throw new ShapeError(`norm: repeated axis in ${JSON.stringify(axis)}`);
    out = reduced.length === 1 ? vectorNormsAlong(v, ord, reduced[0], axis) : matrixNormsAlong(v, ord, reduced as [number, number]);
  }
  // keepDims was ignored: norm(X, 2, 1, true) had shape (n), which broadcasts along the wrong axis.
  return keepDims ? reshape(out, shape.map((d, i) => (reduced.includes(i) ? 1 : d))) : out;
}

/** The norm of all of x: a vector norm, a matrix norm, or (no ord) the 2-norm of all entries. */
function wholeNorm(v: Value, ord: NormOrder | undefined): Value {
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
  // max of no entries is an error that named max, not the norm asked for.
  if ((ord === Infinity || ord === -Infinity) && sizeOfValue(v) === 0) throw new ShapeError(`norm: the ${String(ord)}-norm of an empty vector is undefined (it is the ${ord > 0 ? "largest" : "smallest"} |xᵢ| of none)`);
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

/** The vector norms of x's slices along axis `a`, in the shape of x without that axis. */
function vectorNormsAlong(v: Value, ord: NormOrder | undefined, a: number, given: unknown): Value {
  if (typeof ord === "string") throw new RangeError(`norm: "${ord}" is a matrix norm; along axis ${JSON.stringify(given)} the norms are vector norms`);
  return normsOfSlices(v, [a], (slice) => wholeNorm(slice, ord));
}

/** The matrix norms of x's matrices in axes (rows, cols), in the shape of x without them. */
function matrixNormsAlong(v: Value, ord: NormOrder | undefined, [rows, cols]: [number, number]): Value {
  return normsOfSlices(v, [rows, cols], (m) => wholeNorm(m, ord ?? "fro"));
}

/** f of each slice of x over `axes` (moved last, in that order), in the shape of the other axes. */
function normsOfSlices(v: Value, axes: readonly number[], f: (slice: Value) => Value): Value {
  const shape = shapeOf(v);
  const others = shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const rest = others.map((i) => shape[i]);
  const count = rest.reduce((p, d) => p * d, 1);
  if (count === 0) return new Tensor(rest, new Float64Array(0));
  // One slice per entry of the other axes: those flattened in front, the slice's axes last.
  const slices = reshape(transpose(v, [...others, ...axes]), [count, ...axes.map((a) => shape[a])]);
  const norms = stack(Array.from({ length: count }, (_, i) => f(index(slices, [i]))));
  return reshape(norms, rest);
}
