import type { UnaryRule } from "../core/elementwise";

/** Math.round: piecewise constant, so its derivative is 0 (where it exists; also 0 at the jumps). */
export const roundRule: UnaryRule = { name: "round", cheap: true, fn: Math.round, partial: () => 0 };
