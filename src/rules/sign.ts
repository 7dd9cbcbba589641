import type { UnaryRule } from "../core/elementwise";

/** Math.sign: piecewise constant, so its derivative is 0 (where it exists; also 0 at the jumps). */
export const signRule: UnaryRule = { name: "sign", cheap: true, fn: Math.sign, partial: () => 0 };
