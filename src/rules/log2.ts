import type { UnaryRule } from "../core/elementwise";
import { div, mul } from "../ops/arithmetic";

/** log₂ x: derivative 1/(x ln 2). */
export const log2Rule: UnaryRule = { name: "log2", fn: Math.log2, partial: (x) => div(1, mul(x, Math.LN2)) };
