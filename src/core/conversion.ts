import { DerivativeLostError } from "../errors";

/**
 * The error for an AD value converted to a plain number by code the runtime does not see
 * (`+x`, `x < 0` outside a Nabla cell, `Number(x)`, a Float64Array store, a package):
 * the conversion would drop the derivative, so it throws and says what to do instead.
 */
export function valueConversionError(kind: string, value: { toString(): string }): DerivativeLostError {
  return new DerivativeLostError(
    `A ${kind} (${value.toString()}) was converted to a plain number, which would drop its derivative. ` +
      `In a Nabla cell operators and Math are differentiable; in library code use the runtime's ` +
      `functions (add, mul, sin, lt, gt, ...) instead of JavaScript operators, ` +
      `or call primal(x) to drop the derivative on purpose.`,
  );
}
