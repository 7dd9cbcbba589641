import type { BinaryRule } from "../core/elementwise";
import { primalOf, type Value } from "../core/value";
import { stopGradient } from "../ops/compare";
import { add, mul, sub } from "../ops/arithmetic";
import { Tensor } from "../tensor/tensor";
import { log, pow } from "../ops/scalar";
import { broadcastTo } from "../ops/broadcast";
import { where } from "../ops/tensor/where";
import { hasNaN } from "../tensor/number-arrays";

/**
 * y where x > 0 (or NaN); y's value without its derivative where x ≤ 0 (entry by entry on
 * tensors). A NaN x counts as varied, so that the NaN reaches the y-partial.
 */
function exponentWhereVaried(x: Value, y: Value): Value {
  if (typeof y === "number") return y;
  const p = primalOf(x);
  if (typeof p === "number") return varied(p) ? y : stopGradient(y);
  if (p.data.every(varied)) return y;
  const positive = positiveMask(p);
  return add(mul(y, positive), mul(stopGradient(y), sub(1, positive)));
}

/** Whether the exponent is varied at base v: v > 0, or v NaN (NaN in, NaN out: ln NaN is NaN, not 0). */
function varied(v: number): boolean {
  return !(v <= 0);
}

/** 1 where the entry is positive (or NaN), 0 elsewhere: a constant mask. */
function positiveMask(p: Tensor): Tensor {
  return Tensor.wrap({ shape: [...p.shape], data: p.data.map((v) => (varied(v) ? 1 : 0)) });
}

/**
 * The x-partial y·xʸ⁻¹ with 0 where x = 0 and y = 0 (entry by entry): x⁰ is 1 for every x, so
 * its x-partial there is 0, as for a number y of 0 — not 0·0⁻¹ = 0·∞ = NaN. Selected, not
 * multiplied by a mask, so that the 0 is a constant (y is not varied at x = 0: see partialB).
 * Without it, jvp of pow(x, tensor([0, 1])) at x = 0 was NaN where grad (whose loops take the
 * rule on numbers) gave 0, and the second derivative of x¹ through x⁰'s partial NaN.
 */
function zeroWhereZeroPower(x: Value, y: Value, partial: Value): Value {
  const p = primalOf(partial);
  if (typeof p === "number") return p !== p && primalOf(x) === 0 && primalOf(y) === 0 ? 0 : partial;
  // Only a NaN entry can be such a one: look no further on the common path.
  if (!hasNaN(p.data)) return partial;
  const px = primalOf(x);
  const py = primalOf(y);
  const xs = typeof px === "number" ? null : broadcastTo(px, p.shape).data;
  const ys = typeof py === "number" ? null : broadcastTo(py, p.shape).data;
  const mask = new Float64Array(p.data.length);
  let any = false;
  for (let i = 0; i < mask.length; i++) {
    if ((xs === null ? px : xs[i]) === 0 && (ys === null ? py : ys[i]) === 0) mask[i] = 1;
    any ||= mask[i] === 1;
  }
  return any ? where(new Tensor([...p.shape], mask), 0, partial) : partial;
}

/**
 * xʸ: ∂/∂x = y·xʸ⁻¹, ∂/∂y = xʸ·ln x.
 * The y-partial is taken as 0 where x = 0 (xʸ is 0 for all y > 0 there; ln 0 would give NaN)
 * and where x < 0 (only integer exponents are defined there, so y is not varied), entry by
 * entry on tensors; where x is NaN it is NaN (it was 0: NaN in, NaN out).
 */
export const powRule: BinaryRule = {
  name: "pow",
  fn: Math.pow,
  partialA: (x, y) => {
    if (y === 0) return 0;
    if (y === 1) return 1;
    if (y === 2) return mul(2, x);
    // Where x is not positive y is not varied (see partialB), so y·xʸ⁻¹ must not vary with y
    // there either: otherwise ∂²/∂y∂x would be 0 and ∂²/∂x∂y not (an asymmetric Hessian).
    const yx = exponentWhereVaried(x, y);
    return zeroWhereZeroPower(x, y, mul(yx, pow(x, sub(yx, 1))));
  },
  partialB: (x, _y, out) => {
    const p = primalOf(x);
    if (typeof p === "number") return varied(p) ? mul(out, log(x)) : 0;
    if (p.data.every(varied)) return mul(out, log(x));
    // Some entries not positive: ln x where x > 0 and 0 elsewhere, entry by entry (all-or-
    // nothing gave pow([1, 2, -1], y) a y-derivative of 0). x is replaced by 1 where it is
    // not positive, through a constant mask, so that ln stays finite and differentiable.
    const positive = positiveMask(p);
    return mul(out, log(add(mul(x, positive), sub(1, positive))));
  },
};

