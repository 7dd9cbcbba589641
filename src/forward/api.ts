import type { Value } from "../core/value";
import { Dual } from "./dual";
import { newTag } from "../core/tags";
import { Tensor } from "../tensor/tensor";
import { full } from "../tensor/create";
import { isValue, shapeOf } from "../core/value";
import { DifferentiationError } from "../errors";
import { describe } from "../api/containers";

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
  // A number as the tangent of a tensor: that number in every entry (the default, 1, is all ones).
  const t = Array.isArray(tangent) ? Tensor.from(tangent) : typeof tangent === "number" && v instanceof Tensor ? full(v.shape, tangent) : tangent;
  if (!isValue(v)) throw new DifferentiationError(`dual: the value must be a number, an array of numbers or a tensor, got ${describe(v)}`);
  if (!isValue(t)) throw new DifferentiationError(`dual: the tangent must be a number, an array of numbers or a tensor, got ${describe(t)}`);
  const sv = shapeOf(v).join("×");
  const st = shapeOf(t).join("×");
  if (sv !== st) throw new DifferentiationError(`dual: the tangent has shape (${st}) but the value has shape (${sv})`);
  return new Dual(v, t as Value, newTag());
}
