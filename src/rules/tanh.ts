import type { UnaryRule } from "../core/elementwise";
import { mul, sub } from "../ops/arithmetic";

/** tanh x: derivative 1 − tanh² x (reuses the output). */
export const tanhRule: UnaryRule = {
  name: "tanh",
  fn: Math.tanh,
  partial: (_x, y) => sub(1, mul(y, y)),
  numberPartial: (_x, y) => 1 - y * y,
  loop: (src, out) => {
    for (let i = 0; i < out.length; i++) out[i] = Math.tanh(src[i]);
  },
};
