import type { UnaryRule } from "../core/elementwise";
import { div, mul, sub } from "../ops/arithmetic";
import { sqrt } from "../ops/scalar";

/** asin x: derivative 1/√(1 − x²) (infinite at ±1). */
export const asinRule: UnaryRule = { name: "asin", fn: Math.asin, partial: (x) => div(1, sqrt(sub(1, mul(x, x)))) };
