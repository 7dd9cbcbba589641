import type { Value } from "../core/value";
import { Dual, type ScalarDual } from "./dual";
import { innermostTag, newTag } from "../core/tags";
import { Tensor } from "../tensor/tensor";
import { full } from "../tensor/create";
import { isValue, shapeOf, tagOf } from "../core/value";
import { DifferentiationError } from "../errors";
import { describe } from "../api/containers";

/**
 * A dual number x + x′ε for forward-mode derivatives by hand: push it through a function
 * and read the derivative off the result's `.tangent`. Dual numbers made from plain numbers
 * share one ε, as in the textbook — (3 + ε)(2 + 0ε) = 6 + 2ε — so a partial derivative by
 * hand seeds one argument with 1 and the others with 0. A dual whose value or tangent is
 * itself a dual number gets a new, inner ε (hyper-dual numbers: second derivatives by hand),
 * and so does one made inside a function being differentiated (a constant to it).
 *
 * @example
 * const x = dual(2, 1);
 * const y = add(sin(x), mul(x, 3));   // sin x + 3x
 * y.value;    // sin 2 + 6
 * y.tangent;  // cos 2 + 3
 * mul(dual(3, 1), dual(2, 0)).tangent  // ∂(xy)/∂x = y = 2
 */
export function dual(value: number, tangent?: number): ScalarDual;
export function dual(value: Tensor | number[], tangent?: number | Tensor | number[]): Dual & { readonly value: Tensor; readonly tangent: Tensor };
export function dual(value: number | Tensor | number[], tangent?: number | Tensor | number[]): Dual;
export function dual(value: number | Tensor | number[], tangent: number | Tensor | number[] = 1): Dual {
  const v = Array.isArray(value) ? Tensor.from(value, "dual") : value;
  // A number as the tangent of a tensor: that number in every entry (the default, 1, is all ones).
  const t = Array.isArray(tangent) ? Tensor.from(tangent, "dual") : typeof tangent === "number" && v instanceof Tensor ? full(v.shape, tangent) : tangent;
  if (!isValue(v)) throw new DifferentiationError(`dual: the value must be a number, an array of numbers or a tensor, got ${describe(v)}`);
  if (!isValue(t)) throw new DifferentiationError(`dual: the tangent must be a number, an array of numbers or a tensor, got ${describe(t)}`);
  const sv = shapeOf(v).join("×");
  const st = shapeOf(t).join("×");
  if (sv !== st) throw new DifferentiationError(`dual: the tangent has shape (${st}) but the value has shape (${sv})`);
  // Inside a function being differentiated, or around dual numbers: a new, inner ε.
  const inner = tagOf(v) > 0 || tagOf(t as Value) > 0 || innermostTag() > 0;
  return new Dual(v, t as Value, inner ? newTag() : handTag);
}

/** The ε of dual numbers made by hand from plain numbers, outside any differentiation: one for the session. */
const handTag = newTag();
