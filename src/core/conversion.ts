import { DerivativeLostError } from "../errors";
import { adClasses } from "./classes";
import { hasFinished } from "./tags";

/**
 * The error for an AD value converted to a plain number by code the runtime does not see
 * (`+x`, `x < 0` outside a Nabla cell, `Number(x)`, a Float64Array store, a package):
 * the conversion would drop the derivative, so it throws and says what to do instead.
 */
export function valueConversionError(kind: string, value: { toString(): string }): DerivativeLostError {
  if (fromFinishedDifferentiation(value)) {
    // Kept from inside f (losses.push(loss)) and used after it, by plot(losses) say: not a
    // derivative being dropped by a conversion, so the usual advice did not fit.
    return new DerivativeLostError(
      `A ${kind} (${value.toString()}) of a differentiation that has finished was converted to a plain number: ` +
        `it was kept from inside a differentiated function (losses.push(loss) in f, say), and nothing reads its derivative any more. ` +
        `Keep primal(loss), its number, to use it afterwards, or return it as aux: valueAndGrad(f, { hasAux: true }).`,
    );
  }
  return new DerivativeLostError(
    `A ${kind} (${value.toString()}) was converted to a plain number, which would drop its derivative. ` +
      // What converts one in a cell, where operators and Math do not (a student's line does not say which part did).
      `In a cell that is Number(x), a store into a Float64Array (keep such values in a plain array), ` +
      `or a bitwise operator such as x | 0 (Math.trunc(x) gives the same integer). ` +
      `In a Nabla cell operators and Math are differentiable; in library code use the runtime's ` +
      `functions (add, mul, sin, lt, gt, ...) instead of JavaScript operators, ` +
      `or call primal(x) to drop the derivative on purpose.`,
  );
}

/**
 * The value of a scalar AD value when Array.prototype.sort (or toSorted) is converting it as a
 * comparator's result, else undefined. In a cell `[...x].sort((a, b) => a - b)` on
 * differentiable values returns a tape variable from `a - b`; that number only orders the
 * entries, which keep their derivatives, so nothing is lost (it threw, and a median or a
 * trimmed mean could not be differentiated). V8 names the frame "Array.sort"; where an engine
 * does not, the conversion throws as before.
 */
export function sortKey(x: { readonly value: unknown }): number | undefined {
  let p: unknown = x.value;
  while (p instanceof adClasses.Dual || p instanceof adClasses.Var) p = p.value;
  return typeof p === "number" && convertedBySort() ? p : undefined;
}

function convertedBySort(): boolean {
  // Frames: this function, sortKey, the value's Symbol.toPrimitive, then the code converting it.
  const caller = (new Error().stack ?? "").split("\n")[4] ?? "";
  return /^\s*at (Array|TypedArray)\.(sort|toSorted) /.test(caller);
}

/** A tape variable of a released tape, or a dual number of a finished differentiation (core/tags.ts). */
function fromFinishedDifferentiation(v: unknown): boolean {
  if (v instanceof adClasses.Var) return v.tape.released;
  return v instanceof adClasses.Dual && hasFinished(v.tag);
}
