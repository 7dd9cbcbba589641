import type { UnaryRule } from "../core/elementwise";
import { div, mul, sub } from "../ops/arithmetic";

/** atanh x (|x| < 1): derivative 1/(1 − x²). */
export const atanhRule: UnaryRule = { name: "atanh", fn: Math.atanh, partial: (x) => div(1, sub(1, mul(x, x))) };
