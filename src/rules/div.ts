import type { BinaryRule } from "../core/elementwise";
import { div, neg } from "../ops/arithmetic";

/** a / b: ∂/∂a = 1/b, ∂/∂b = −a/b² = −out/b. */
export const divRule: BinaryRule = {
  name: "div",
  cheap: true,
  fn: (a, b) => a / b,
  partialA: (_a, b) => div(1, b),
  partialB: (_a, b, out) => neg(div(out, b)),
  numberPartialA: (_a, b) => 1 / b,
  numberPartialB: (_a, b, out) => -(out / b),
  loop: (a, b, out) => {
    for (let i = 0; i < out.length; i++) out[i] = a[i] / b[i];
  },
};
