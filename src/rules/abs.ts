import type { UnaryRule } from "../core/elementwise";
import { sign } from "../ops/scalar";

/** |x|: derivative sign x; at the kink x = 0 we use 0 (the subgradient of least norm). */
export const absRule: UnaryRule = { name: "abs", cheap: true, fn: Math.abs, partial: (x) => sign(x) };
