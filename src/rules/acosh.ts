import type { UnaryRule } from "../core/elementwise";
import { div, mul, sub } from "../ops/arithmetic";
import { sqrt } from "../ops/scalar";

/** acosh x (x ≥ 1): derivative 1/√(x² − 1). */
export const acoshRule: UnaryRule = { name: "acosh", fn: Math.acosh, partial: (x) => div(1, sqrt(sub(mul(x, x), 1))) };
