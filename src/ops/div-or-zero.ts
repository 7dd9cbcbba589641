import type { Value } from "../core/value";
import { primalOf } from "../core/value";
import { add, div, mul, sub } from "./arithmetic";
import { Tensor } from "../tensor/tensor";

/**
 * n / d, and 0 wherever d is 0: the convention of atan2's and hypot's partials at the
 * origin (a subgradient rather than 0/0). Elementwise on tensors, and differentiable where
 * d ≠ 0 (the mask of zeros is a constant).
 */
export function divOrZero(n: Value, d: Value): Value {
  const p = primalOf(d);
  if (typeof p === "number") return p === 0 ? 0 : div(n, d);
  const zeros = p.data.map((v) => (v === 0 ? 1 : 0));
  if (!zeros.includes(1)) return div(n, d);
  const mask = new Tensor(p.shape, zeros);
  return mul(div(n, add(d, mask)), sub(1, mask));
}
