import type { UnaryRule } from "../core/elementwise";
import { div } from "../ops/arithmetic";

/** √x: derivative 1/(2√x) (reuses the output; infinite at 0). */
export const sqrtRule: UnaryRule = {
  name: "sqrt",
  fn: Math.sqrt,
  partial: (_x, y) => div(0.5, y),
  numberPartial: (_x, y) => 0.5 / y,
  loop: (src, out) => {
    for (let i = 0; i < out.length; i++) out[i] = Math.sqrt(src[i]);
  },
};
