import type { UnaryRule } from "../core/elementwise";
import type { Value } from "../core/value";
import { mul, neg } from "../ops/arithmetic";
import { exp } from "../ops/scalar";
import { erf } from "../tensor/kernels/erf";

/** 2/√π, the slope of erf at 0. */
export const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/** The error function: derivative (2/√π)·e^(−x²), written with runtime ops so it nests. */
export const erfRule: UnaryRule = {
  name: "erf",
  fn: erf,
  partial: (x) => mul(TWO_OVER_SQRT_PI, exp(neg(mul(x, x)) as Value)),
  numberPartial: (x) => TWO_OVER_SQRT_PI * Math.exp(-(x * x)),
};
