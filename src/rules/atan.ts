import type { UnaryRule } from "../core/elementwise";
import { add, div, mul } from "../ops/arithmetic";

/** atan x: derivative 1/(1 + x²). */
export const atanRule: UnaryRule = { name: "atan", fn: Math.atan, partial: (x) => div(1, add(1, mul(x, x))), numberPartial: (x) => 1 / (1 + x * x) };
