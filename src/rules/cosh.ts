import type { UnaryRule } from "../core/elementwise";
import { sinh } from "../ops/scalar";

/** cosh x: derivative sinh x. */
export const coshRule: UnaryRule = { name: "cosh", fn: Math.cosh, partial: (x) => sinh(x), numberPartial: (x) => Math.sinh(x) };
