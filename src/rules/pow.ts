import type { BinaryRule } from "../core/elementwise";
import type { Value } from "../core/value";
import { primalOf } from "../core/value";
import { mul, sub } from "../ops/arithmetic";
import { log, pow } from "../ops/scalar";

/**
 * xʸ: ∂/∂x = y·xʸ⁻¹, ∂/∂y = xʸ·ln x.
 * The y-partial is taken as 0 where x = 0 (xʸ is 0 for all y > 0 there; ln 0 would give NaN)
 * and where x < 0 (only integer exponents are defined there, so y is not varied).
 */
export const powRule: BinaryRule = {
  name: "pow",
  fn: Math.pow,
  partialA: (x, y) => (y === 0 ? 0 : y === 1 ? 1 : y === 2 ? mul(2, x) : mul(y, pow(x, sub(y, 1)))),
  partialB: (x, _y, out) => (positive(x) ? mul(out, log(x)) : 0),
};

/** The exponent's partial needs x > 0; decided on the primal value (plain or elementwise). */
function positive(x: Value): boolean {
  const p = primalOf(x);
  return typeof p === "number" ? p > 0 : p.data.every((v) => v > 0);
}

