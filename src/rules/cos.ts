import type { UnaryRule } from "../core/elementwise";
import { neg } from "../ops/arithmetic";
import { sin } from "../ops/scalar";

/** cos x: derivative −sin x. */
export const cosRule: UnaryRule = {
  name: "cos",
  fn: Math.cos,
  partial: (x) => neg(sin(x)),
  numberPartial: (x) => -Math.sin(x),
  partialWithValue: true,
  loop: (src, out) => {
    for (let i = 0; i < out.length; i++) out[i] = Math.cos(src[i]);
  },
};
