import type { UnaryRule } from "../core/elementwise";

/** Math.fround: piecewise constant, so its derivative is 0 (where it exists; also 0 at the jumps). */
export const froundRule: UnaryRule = { name: "fround", fn: Math.fround, partial: () => 0 };
