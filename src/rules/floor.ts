import type { UnaryRule } from "../core/elementwise";

/** Math.floor: piecewise constant, so its derivative is 0 (where it exists; also 0 at the jumps). */
export const floorRule: UnaryRule = { name: "floor", cheap: true, fn: Math.floor, partial: () => 0 };
