import type { UnaryRule } from "../core/elementwise";

/** eˣ: its own derivative (reuses the output). */
export const expRule: UnaryRule = {
  name: "exp",
  fn: Math.exp,
  partial: (_x, y) => y,
  loop: (src, out) => {
    for (let i = 0; i < out.length; i++) out[i] = Math.exp(src[i]);
  },
};
