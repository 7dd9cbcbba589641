import type { UnaryRule } from "../core/elementwise";

/** Math.ceil: piecewise constant, so its derivative is 0 (where it exists; also 0 at the jumps). */
export const ceilRule: UnaryRule = { name: "ceil", cheap: true, fn: Math.ceil, partial: () => 0 };
