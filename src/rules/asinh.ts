import type { UnaryRule } from "../core/elementwise";
import { add, div, mul } from "../ops/arithmetic";
import { sqrt } from "../ops/scalar";

/** asinh x: derivative 1/√(x² + 1). */
export const asinhRule: UnaryRule = { name: "asinh", fn: Math.asinh, partial: (x) => div(1, sqrt(add(mul(x, x), 1))) };
