import type { UnaryRule } from "../core/elementwise";
import { div, mul } from "../ops/arithmetic";

/** log₁₀ x: derivative 1/(x ln 10). */
export const log10Rule: UnaryRule = { name: "log10", fn: Math.log10, partial: (x) => div(1, mul(x, Math.LN10)) };
