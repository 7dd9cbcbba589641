import { DifferentiationError } from "../errors";
import { sizeText } from "../tensor/allocate";

/**
 * The most entries a Jacobian (or Hessian) may have: 2²⁷, 1 GiB of numbers. The Hessian of a
 * model of 50 000 parameters has 2.5·10⁹ entries, 20 GB: it ran the executor out of memory
 * and the session was lost, after minutes of passes.
 */
export const MAX_JACOBIAN_ENTRIES = 2 ** 27;

/** A RangeError-like DifferentiationError before the passes start when m·n entries cannot be held. */
export function checkJacobianSize(m: number, n: number, fname: string): void {
  const entries = m * n;
  if (entries <= MAX_JACOBIAN_ENTRIES) return;
  throw new DifferentiationError(
    `${fname}: ${fname === "hessian" ? `the Hessian of f in ${n} numbers` : `the Jacobian of f, from ${n} numbers to ${m},`} needs ${sizeText(entries)}, ` +
      `more than the ${sizeText(MAX_JACOBIAN_ENTRIES)} a derivative may hold; for its product with a vector use jvp (J·v), vjp (vᵀJ) or hvp (H·v), which never form it`,
  );
}
