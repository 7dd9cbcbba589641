import type { BinaryRule } from "../core/elementwise";

/** a + b: ∂/∂a = 1, ∂/∂b = 1. */
export const addRule: BinaryRule = {
  name: "add",
  cheap: true,
  fn: (a, b) => a + b,
  partialA: () => 1,
  partialB: () => 1,
  loop: (a, b, out) => {
    for (let i = 0; i < out.length; i++) out[i] = a[i] + b[i];
  },
};
