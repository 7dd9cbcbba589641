import type { UnaryRule } from "../core/elementwise";
import { mul, sub } from "../ops/arithmetic";

/**
 * The logistic function 1/(1 + e⁻ˣ), evaluated without overflow for large |x|:
 * sigmoid(−800) is a tiny positive number, not 0/NaN. Derivative y(1 − y).
 */
export const sigmoidRule: UnaryRule = {
  name: "sigmoid",
  fn: (x) => {
    if (x >= 0) return 1 / (1 + Math.exp(-x));
    const e = Math.exp(x);
    return e / (1 + e);
  },
  partial: (_x, y) => mul(y, sub(1, y)),
  numberPartial: (_x, y) => y * (1 - y),
};
