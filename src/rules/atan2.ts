import type { BinaryRule } from "../core/elementwise";
import { add, mul, neg } from "../ops/arithmetic";
import { divOrZero } from "../ops/div-or-zero";

/**
 * atan2(y, x), the angle of the point (x, y): ∂/∂y = x/(x² + y²), ∂/∂x = −y/(x² + y²).
 * At the origin both are 0/0; we return 0 there (a subgradient) rather than NaN.
 */
export const atan2Rule: BinaryRule = {
  name: "atan2",
  fn: Math.atan2,
  partialA: (y, x) => divOrZero(x, add(mul(x, x), mul(y, y))),
  partialB: (y, x) => neg(divOrZero(y, add(mul(x, x), mul(y, y)))),
};
