import type { BinaryRule } from "../core/elementwise";
import { add, mul } from "../ops/arithmetic";
import { sign, sub } from "../ops/scalar";

/** min(a, b): the derivative follows the smaller argument; ties split ½–½ (see max). */
export const minRule: BinaryRule = {
  name: "min",
  cheap: true,
  fn: (a, b) => Math.min(a, b),
  partialA: (a, b) => mul(0.5, sub(1, sign(sub(a, b)))),
  partialB: (a, b) => mul(0.5, add(1, sign(sub(a, b)))),
};
