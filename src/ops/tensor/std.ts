import type { Value } from "../../core/value";
import type { Primitive } from "../../core/primitive";
import type { ArrayInput, Input } from "../../core/convert";
import { applyPrimitive } from "../../core/primitive";
import { mul } from "../arithmetic";
import { divOrZero } from "../div-or-zero";
import { varianceNamed } from "./variance";
import { Tensor } from "../../tensor/tensor";

/**
 * √v of a variance, with the gradient 0 where v = 0 (all entries equal), the convention of
 * norm's gradient at 0 (README, "Kinks"): std is a norm of the deviations from the mean, whose
 * derivative 1/(2√v)·∂v is 0/0 there, NaN through sqrt. Every order: the mask of zeros is a
 * constant, so the Hessian there is 0 too.
 */
const sqrtOfVariancePrimitive: Primitive<undefined> = {
  name: "std",
  evaluate: ([v]) => (typeof v === "number" ? Math.sqrt(v) : new Tensor((v as Tensor).shape, (v as Tensor).data.map(Math.sqrt))),
  jvp: ([dv], _primals, out) => divOrZero(dv as Value, mul(2, out)),
  vjp: (g, _primals, out) => [divOrZero(g, mul(2, out))],
};

/**
 * The standard deviation of all entries, or along the given axes (NumPy's std): the square
 * root of `variance(x, axes, keepDims, ddof)` (ddof = 1 for the sample standard deviation).
 * Where every entry is the same the variance is 0 and std has a kink, as |x| at 0: its gradient
 * there is 0, not NaN, as norm's is at 0 (and so is its Hessian).
 * @example
 * std([1, 2, 3, 4])   // √1.25 = 1.118033988749895
 * std([[1, 2], [3, 5]], 1).toArray()   // [0.5, 1]
 * std([2, 4, 4, 4, 5, 5, 7, 9])   // 2
 * grad((x: number[]) => std(x))([3, 3, 3])   // [0, 0, 0]
 */
export function std(x: number | ArrayInput, axes?: undefined, keepDims?: false, ddof?: number): number;
export function std(x: ArrayInput, axes: number | readonly number[], keepDims?: boolean, ddof?: number): Tensor;
export function std(x: Input, axes?: number | readonly number[], keepDims?: boolean, ddof?: number): Value;
export function std(x: Input, axes?: number | readonly number[], keepDims = false, ddof = 0): Value {
  return applyPrimitive(sqrtOfVariancePrimitive, [varianceNamed("std", x, axes, keepDims, ddof)], undefined);
}
