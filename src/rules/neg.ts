import type { UnaryRule } from "../core/elementwise";

/** −x: derivative −1. */
export const negRule: UnaryRule = {
  name: "neg",
  cheap: true,
  fn: (x) => -x,
  partial: () => -1,
  loop: (src, out) => {
    for (let i = 0; i < out.length; i++) out[i] = -src[i];
  },
};
