import type { UnaryRule } from "../core/elementwise";

/** Math.trunc: piecewise constant, so its derivative is 0 (where it exists; also 0 at the jumps). */
export const truncRule: UnaryRule = { name: "trunc", cheap: true, fn: Math.trunc, partial: () => 0 };
