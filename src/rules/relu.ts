import type { UnaryRule } from "../core/elementwise";
import { relu } from "../ops/scalar";
import { sign } from "../ops/scalar";

/** max(x, 0): derivative 1 for x > 0, 0 for x < 0, and 0 at the kink x = 0 (as PyTorch and JAX). */
export const reluRule: UnaryRule = {
  name: "relu",
  cheap: true,
  fn: (x) => (x > 0 ? x : x === x ? 0 : x),
  partial: (x) => sign(relu(x)),
};
