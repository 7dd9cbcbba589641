import type { UnaryRule } from "../core/elementwise";
import { div, mul, sub } from "../ops/arithmetic";
import { sqrt } from "../ops/scalar";

/** acos x: derivative −1/√(1 − x²). */
export const acosRule: UnaryRule = { name: "acos", fn: Math.acos, partial: (x) => div(-1, sqrt(sub(1, mul(x, x)))) };
