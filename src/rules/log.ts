import type { UnaryRule } from "../core/elementwise";
import { div } from "../ops/arithmetic";

/** ln x: derivative 1/x. */
export const logRule: UnaryRule = {
  name: "log",
  fn: Math.log,
  partial: (x) => div(1, x),
  numberPartial: (x) => 1 / x,
  loop: (src, out) => {
    for (let i = 0; i < out.length; i++) out[i] = Math.log(src[i]);
  },
};
