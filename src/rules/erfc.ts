import type { UnaryRule } from "../core/elementwise";
import type { Value } from "../core/value";
import { mul, neg } from "../ops/arithmetic";
import { exp } from "../ops/scalar";
import { erfc } from "../tensor/kernels/erf";
import { TWO_OVER_SQRT_PI } from "./erf";

/** The complementary error function 1 − erf x: derivative −(2/√π)·e^(−x²). */
export const erfcRule: UnaryRule = {
  name: "erfc",
  fn: erfc,
  partial: (x) => mul(-TWO_OVER_SQRT_PI, exp(neg(mul(x, x)) as Value)),
  numberPartial: (x) => -TWO_OVER_SQRT_PI * Math.exp(-(x * x)),
};
