import { shapeOf, type Value } from "./value";
import { adClasses } from "./classes";
import { DifferentiationError } from "../errors";

/**
 * Variables made by hand outside any differentiation live on one tape until a backward; the
 * first variable made after it starts another. A value of the earlier tape combined with one of
 * the later would be read as a nesting, the earlier as a constant, and its derivative lost
 * without a word (x.grad stayed as the last backward left it, w.grad came out as a tape
 * variable). This is only reached when operands live on different tapes, off the fast paths.
 */
export function assertOneHandTape(op: string, args: readonly Value[]): void {
  let first: InstanceType<typeof adClasses.Var> | undefined;
  for (const a of args) {
    if (!(a instanceof adClasses.Var) || !a.tape.byHand) continue;
    if (first === undefined) first = a;
    else if (a.tape !== first.tape) {
      const [earlier, later] = a.tape.tag < first.tape.tag ? [a, first] : [first, a];
      throw new DifferentiationError(
        `${op}: ${name(earlier)} was made by variable() before a backward and ${name(later)} after it; ` +
          `the backward ended the first one's tape, and combined with the second it would count as a constant. ` +
          `Make it again after the backward: variable(primal(x))`,
      );
    }
  }
}

/** Var(2) for a scalar; a tensor variable by its shape (its text spans lines). */
function name(v: InstanceType<typeof adClasses.Var>): string {
  const shape = shapeOf(v);
  return shape.length === 0 ? v.toString() : `the tape variable of shape (${shape.join("×")})`;
}
