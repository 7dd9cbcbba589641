import type { UnaryRule } from "../core/elementwise";
import { add, div } from "../ops/arithmetic";

/** ln(1 + x) (accurate near 0): derivative 1/(1 + x). */
export const log1pRule: UnaryRule = { name: "log1p", fn: Math.log1p, partial: (x) => div(1, add(1, x)), numberPartial: (x) => 1 / (1 + x) };
