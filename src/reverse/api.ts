import { Tape } from "./tape";
import { Var } from "./var";
import { innermostTag, newTag } from "../core/tags";
import { Tensor } from "../tensor/tensor";
import { isValue } from "../core/value";
import { DifferentiationError } from "../errors";
import { describe, isNumberTypedArray } from "../api/containers";
import { toValue, type NumberArray } from "../core/convert";
export { backward } from "./backward";

/** The tape variables made by hand join: one outside any differentiation, one inside the innermost running one. */
let outside: Tape | null = null;
let inside: { tape: Tape; level: number } | null = null;

/**
 * A variable on the tape, for reverse-mode derivatives by hand: compute with it, call
 * `backward(y)`, then read `.grad`. Variables made before a `backward` share one tape;
 * the first variable made after it starts a new tape. Made inside a function being
 * differentiated, a variable is inner to that differentiation (a constant to it).
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
  const tape = handTape();
  return new Var(v, tape, tape.leaf(v));
}

/**
 * The tape for a variable made now. Outside any differentiation: the shared tape, until a
 * backward. Inside a function being differentiated (grad(x => mul(variable(3), x))): a tape
 * of its own level, inner to that differentiation whatever was made before it, so the
 * result does not depend on whether a variable was left on the outside tape earlier.
 */
function handTape(): Tape {
  const level = innermostTag();
  if (level === 0) {
    if (outside === null || outside.adjoints !== null) {
      outside = new Tape(newTag());
      outside.byHand = true;
    }
    return outside;
  }
  if (inside === null || inside.level !== level || inside.tape.adjoints !== null) inside = { tape: new Tape(newTag()), level };
  return inside.tape;
}
