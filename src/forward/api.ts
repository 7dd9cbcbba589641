import type { Value } from "../core/value";
import { Dual } from "./dual";
import { newTag } from "../core/tags";
import { Tensor } from "../tensor/tensor";

/**
 * A dual number x + x′ε for forward-mode derivatives by hand: push it through a function
 * and read the derivative off the result's `.tangent`. Each call makes a fresh perturbation.
 *
 * @example
 * const x = dual(2, 1);
 * const y = add(sin(x), mul(x, 3));   // sin x + 3x
 * y.value;    // sin 2 + 6
 * y.tangent;  // cos 2 + 3
 */
export function dual(value: number | Tensor | number[], tangent: number | Tensor | number[] = 1): Dual {
  const v = Array.isArray(value) ? Tensor.from(value) : value;
  const t = Array.isArray(tangent) ? Tensor.from(tangent) : tangent;
  return new Dual(v, t as Value, newTag());
}
