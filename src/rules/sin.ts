import type { UnaryRule } from "../core/elementwise";
import { cos } from "../ops/scalar";

/** sin x: derivative cos x. */
export const sinRule: UnaryRule = {
  name: "sin",
  fn: Math.sin,
  partial: (x) => cos(x),
  numberPartial: (x) => Math.cos(x),
  partialWithValue: true,
  loop: (src, out) => {
    for (let i = 0; i < out.length; i++) out[i] = Math.sin(src[i]);
  },
};
