import { DifferentiationError } from "../errors";

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
  const gb = (entries * 8) / 1e9;
  throw new DifferentiationError(
    `${fname}: ${fname === "hessian" ? `the Hessian of f in ${n} numbers` : `the Jacobian of f, from ${n} numbers to ${m},`} has ${entries.toExponential(2)} entries (${gb >= 10 ? Math.round(gb) : gb.toFixed(1)} GB), ` +
      `more than ${MAX_JACOBIAN_ENTRIES} (1 GiB); for its product with a vector use jvp (J·v), vjp (vᵀJ) or hvp (H·v), which never form it`,
  );
}
