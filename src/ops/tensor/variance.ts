import type { Value } from "../../core/value";
import type { ArrayInput, Input } from "../../core/convert";
import { toValue } from "../../core/convert";
import { shapeOf } from "../../core/value";
import { div, mul, sub } from "../arithmetic";
import { mean, sum } from "./reduce";
import { normalizeAxes, sizeOf } from "../../tensor/shape";
import type { Tensor } from "../../tensor/tensor";

/**
 * The variance of all entries, or along the given axes (NumPy's var): the mean squared
 * deviation from the mean, Σ(xᵢ − x̄)²/(N − ddof) — ddof = 0 (the default) for the population
 * variance, ddof = 1 for the sample (unbiased) one. Computed in two passes, the mean first, as
 * NumPy does (Σx²/N − x̄² cancels: at x = 1e8 + [1, 2, 3] it is off by 40%). Built from mean,
 * sum and products, so its derivatives are theirs, to every order: ∂/∂xᵢ = 2(xᵢ − x̄)/(N − ddof).
 * `keepDims` keeps the reduced axes with length 1.
 * @example
 * variance([1, 2, 3, 4])                   // 1.25
 * variance([1, 2, 3, 4], undefined, false, 1)  // 1.6666666666666667
 * variance([[1, 2], [3, 5]], 1).toArray()  // [0.25, 1]
 * grad((x: number[]) => variance(x))([1, 2, 3])  // 2(xᵢ − 2)/3 = [-0.6666666666666666, 0, 0.6666666666666666]
 */
export function variance(x: number | ArrayInput, axes?: undefined, keepDims?: false, ddof?: number): number;
export function variance(x: ArrayInput, axes: number | readonly number[], keepDims?: boolean, ddof?: number): Tensor;
export function variance(x: Input, axes?: number | readonly number[], keepDims?: boolean, ddof?: number): Value;
export function variance(x: Input, axes?: number | readonly number[], keepDims = false, ddof = 0): Value {
  return varianceNamed("variance", x, axes, keepDims, ddof);
}

/** The variance, its errors naming `name` (std calls it too). */
export function varianceNamed(name: string, x: Input, axes: number | readonly number[] | undefined, keepDims: boolean, ddof: number): Value {
  const v = toValue(x, name);
  const shape = shapeOf(v);
  const count = sizeOf(normalizeAxes(axes, shape.length, name).map((a) => shape[a]));
  if (typeof ddof !== "number" || !Number.isFinite(ddof) || ddof < 0) {
    throw new RangeError(`${name}: ddof is a number of degrees of freedom taken off, 0 or more; got ${String(ddof)}`);
  }
  if (count === 0) throw new RangeError(`${name}: no entries to take the variance of (shape (${shape.join("×")}))`);
  if (count - ddof <= 0) {
    // NumPy warns and returns inf or nan; a silent NaN in a loss is worse than an error here.
    throw new RangeError(`${name}: ddof ${ddof} leaves no degrees of freedom with ${count} ${count === 1 ? "entry" : "entries"} per variance (ddof must be less than ${count})`);
  }
  const deviation = sub(v, mean(v, axes, true));
  return div(sum(mul(deviation, deviation), axes, keepDims), count - ddof);
}
