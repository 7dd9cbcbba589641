import type { BinaryRule } from "../core/elementwise";

/** a · b (elementwise): ∂/∂a = b, ∂/∂b = a. */
export const mulRule: BinaryRule = {
  name: "mul",
  cheap: true,
  fn: (a, b) => a * b,
  partialA: (_a, b) => b,
  partialB: (a) => a,
  loop: (a, b, out) => {
    for (let i = 0; i < out.length; i++) out[i] = a[i] * b[i];
  },
};
