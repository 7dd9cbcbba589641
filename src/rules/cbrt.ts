import type { UnaryRule } from "../core/elementwise";
import { div, mul } from "../ops/arithmetic";

/** ∛x: derivative 1/(3∛x²) (reuses the output; infinite at 0). */
export const cbrtRule: UnaryRule = { name: "cbrt", fn: Math.cbrt, partial: (_x, y) => div(1, mul(3, mul(y, y))) };
