import type { UnaryRule } from "../core/elementwise";
import { add } from "../ops/arithmetic";

/** eˣ − 1 (accurate near 0): derivative eˣ = out + 1. */
export const expm1Rule: UnaryRule = { name: "expm1", fn: Math.expm1, partial: (_x, y) => add(y, 1), numberPartial: (_x, y) => y + 1 };
