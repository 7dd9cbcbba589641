import type { BinaryRule } from "../core/elementwise";
import { divOrZero } from "../ops/div-or-zero";

/** √(a² + b²): ∂/∂a = a/out, ∂/∂b = b/out; at (0, 0) we use 0 rather than 0/0. */
export const hypotRule: BinaryRule = {
  name: "hypot",
  fn: (a, b) => Math.hypot(a, b),
  partialA: (a, _b, out) => divOrZero(a, out),
  partialB: (_a, b, out) => divOrZero(b, out),
};
