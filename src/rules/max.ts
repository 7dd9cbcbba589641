import type { BinaryRule } from "../core/elementwise";
import { add, mul } from "../ops/arithmetic";
import { sign, sub } from "../ops/scalar";

/**
 * max(a, b): the derivative follows the larger argument; at a tie it is split ½–½, so
 * max(x, x) still has derivative 1. Written as (1 ± sign(a − b))/2 so it maps over tensors.
 */
export const maxRule: BinaryRule = {
  name: "max",
  cheap: true,
  fn: (a, b) => Math.max(a, b),
  partialA: (a, b) => mul(0.5, add(1, sign(sub(a, b)))),
  partialB: (a, b) => mul(0.5, sub(1, sign(sub(a, b)))),
};
