import type { UnaryRule } from "../core/elementwise";
import { sigmoid } from "../ops/scalar";

/**
 * ln(1 + eˣ), stable for large |x|: softplus(800) === 800, softplus(−800) ≈ e⁻⁸⁰⁰.
 * Derivative sigmoid(x).
 */
export const softplusRule: UnaryRule = {
  name: "softplus",
  fn: (x) => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x))),
  partial: (x) => sigmoid(x),
};
