import type { BinaryRule } from "../core/elementwise";
import { primalOf } from "../core/value";
import { add, mul, sub } from "../ops/arithmetic";
import { Tensor } from "../tensor/tensor";
import { log, pow } from "../ops/scalar";

/**
 * xʸ: ∂/∂x = y·xʸ⁻¹, ∂/∂y = xʸ·ln x.
 * The y-partial is taken as 0 where x = 0 (xʸ is 0 for all y > 0 there; ln 0 would give NaN)
 * and where x < 0 (only integer exponents are defined there, so y is not varied), entry by
 * entry on tensors.
 */
export const powRule: BinaryRule = {
  name: "pow",
  fn: Math.pow,
  partialA: (x, y) => (y === 0 ? 0 : y === 1 ? 1 : y === 2 ? mul(2, x) : mul(y, pow(x, sub(y, 1)))),
  partialB: (x, _y, out) => {
    const p = primalOf(x);
    if (typeof p === "number") return p > 0 ? mul(out, log(x)) : 0;
    if (p.data.every((v) => v > 0)) return mul(out, log(x));
    // Some entries not positive: ln x where x > 0 and 0 elsewhere, entry by entry (all-or-
    // nothing gave pow([1, 2, -1], y) a y-derivative of 0). x is replaced by 1 where it is
    // not positive, through a constant mask, so that ln stays finite and differentiable.
    const positive = Tensor.wrap({ shape: [...p.shape], data: p.data.map((v) => (v > 0 ? 1 : 0)) });
    return mul(out, log(add(mul(x, positive), sub(1, positive))));
  },
};

