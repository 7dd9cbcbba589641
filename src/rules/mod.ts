import type { BinaryRule } from "../core/elementwise";
import { neg } from "../ops/arithmetic";
import { div } from "../ops/arithmetic";
import { trunc } from "../ops/scalar";

/**
 * The remainder a % b = a − b·trunc(a/b) (JavaScript's sign convention): ∂/∂a = 1,
 * ∂/∂b = −trunc(a/b), away from the jumps where a/b is an integer.
 */
export const modRule: BinaryRule = {
  name: "mod",
  fn: (a, b) => a % b,
  partialA: () => 1,
  partialB: (a, b) => neg(trunc(div(a, b))),
};
