import type { BinaryRule } from "../core/elementwise";
import type { Value } from "../core/value";
import { primalOf } from "../core/value";
import { add, mul, neg } from "../ops/arithmetic";
import { divOrZero } from "../ops/div-or-zero";
import { hypot } from "../ops/scalar";

/**
 * atan2(y, x), the angle of the point (x, y): ∂/∂y = x/(x² + y²), ∂/∂x = −y/(x² + y²).
 * At the origin both are 0/0; we return 0 there (a subgradient) rather than NaN.
 */
export const atan2Rule: BinaryRule = {
  name: "atan2",
  fn: Math.atan2,
  partialA: (y, x) => overSquares(x, x, y),
  partialB: (y, x) => neg(overSquares(y, x, y)),
};

/** The smallest normal double: below it a square has lost digits. */
const SMALLEST_NORMAL = 2 ** -1022;

/**
 * n/(x² + y²), 0 at the origin. Where x² + y² underflows (|x|, |y| below 1e-154: to 0, or to a
 * subnormal with few digits) or overflows, it is taken as (n/r)/r with r = hypot(x, y): at
 * (1e-200, 1e-200) the partials read as the origin's 0 instead of ±5e199.
 */
function overSquares(n: Value, x: Value, y: Value): Value {
  const squares = add(mul(x, x), mul(y, y));
  const p = primalOf(squares);
  const inRange = (d: number) => d >= SMALLEST_NORMAL && d < Infinity;
  if (typeof p === "number" ? inRange(p) : p.data.every(inRange)) return divOrZero(n, squares);
  const r = hypot(x, y);
  return divOrZero(divOrZero(n, r), r);
}
