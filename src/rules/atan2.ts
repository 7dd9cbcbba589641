import type { BinaryRule } from "../core/elementwise";
import { add, div, mul, neg } from "../ops/arithmetic";

/**
 * atan2(y, x), the angle of the point (x, y): ∂/∂y = x/(x² + y²), ∂/∂x = −y/(x² + y²).
 * At the origin both are 0/0; we return 0 there (a subgradient) rather than NaN.
 */
export const atan2Rule: BinaryRule = {
  name: "atan2",
  fn: Math.atan2,
  partialA: (y, x) => safeDiv(x, add(mul(x, x), mul(y, y))),
  partialB: (y, x) => neg(safeDiv(y, add(mul(x, x), mul(y, y)))),
};

function safeDiv(n: Parameters<typeof div>[0], d: Parameters<typeof div>[1]) {
  return d === 0 ? 0 : div(n, d);
}
