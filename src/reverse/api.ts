import { Tape } from "./tape";
import { Var, type ScalarVar, type TensorVar } from "./var";
import { innermostTag, newTag } from "../core/tags";
import { Tensor } from "../tensor/tensor";
import { isValue } from "../core/value";
import { DifferentiationError } from "../errors";
import { describe, isNumberTypedArray } from "../api/containers";
import { toValue, type NumberArray } from "../core/convert";
export { backward } from "./backward";

/**
 * The tape variables made by hand join: one outside any differentiation, one inside the
 * innermost running one. Held weakly: the tape lives as long as a variable or a result on
 * it does. Held strongly, a tape no backward ever ended kept every operation made on it for
 * the rest of the session — 500 runs of a cell `y = sum(variable(randn([1e5])) ** 2)` kept
 * 1.2 GB. A tape nothing can reach any more has no variable a later one could meet.
 */
let outside: WeakRef<Tape> | null = null;
let inside: { tape: WeakRef<Tape>; level: number } | null = null;

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
export function variable(value: number): ScalarVar;
export function variable(value: Tensor | number[] | number[][] | NumberArray): TensorVar;
export function variable(value: number | Tensor | number[] | number[][] | NumberArray): Var;
export function variable(value: number | Tensor | number[] | number[][] | NumberArray): Var {
  const v = Array.isArray(value) ? Tensor.from(value, "variable") : isNumberTypedArray(value) ? toValue(value, "variable") : value;
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
    let tape = outside?.deref();
    if (tape === undefined || tape.adjoints !== null) {
      tape = new Tape(newTag());
      tape.byHand = true;
      outside = new WeakRef(tape);
    }
    return tape;
  }
  let tape = inside !== null && inside.level === level ? inside.tape.deref() : undefined;
  if (tape === undefined || tape.adjoints !== null) {
    tape = new Tape(newTag());
    inside = { tape: new WeakRef(tape), level };
  }
  return tape;
}
