import { Tape } from "./tape";
import { Var } from "./var";
import { newTag } from "../core/tags";
import { Tensor } from "../tensor/tensor";
import { isValue } from "../core/value";
import { DifferentiationError } from "../errors";
import { describe, isNumberTypedArray } from "../api/containers";
import { toValue, type NumberArray } from "../core/convert";
export { backward } from "./backward";

let current: Tape | null = null;

/**
 * A variable on the tape, for reverse-mode derivatives by hand: compute with it, call
 * `backward(y)`, then read `.grad`. Variables made before a `backward` share one tape;
 * the first variable made after it starts a new tape.
 *
 * @example
 * const x = variable(3);
 * const y = mul(x, x);
 * backward(y);
 * x.grad;  // 6
 */
export function variable(value: number | Tensor | number[] | number[][] | NumberArray): Var {
  const v = Array.isArray(value) ? Tensor.from(value) : isNumberTypedArray(value) ? toValue(value, "variable") : value;
  if (!isValue(v)) throw new DifferentiationError(`variable: expected a number, an array of numbers or a tensor, got ${describe(v)}`);
  if (current === null || current.adjoints !== null) current = new Tape(newTag());
  return new Var(v, current, current.leaf(v));
}
