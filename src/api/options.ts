import { DifferentiationError } from "../errors";
import { describe } from "./containers";

/** Options of the differentiation functions. */
export interface DiffOptions {
  /**
   * Which argument(s) to differentiate: a number (default 0) gives one result; an array
   * gives an array of results, one per listed argument (as JAX's argnums).
   */
  argnums?: number | readonly number[];
  /**
   * "numerator" (default): the Jacobian of f: S_in → S_out has shape S_out ++ S_in.
   * "denominator": transposed, S_in ++ S_out, for users of that convention.
   */
  layout?: "numerator" | "denominator";
}

/** The argnums option as a list, checked against the arguments given. */
export function argnumList(opts: DiffOptions | undefined, nargs: number, fname: string): number[] {
  const a = opts?.argnums ?? 0;
  const list = typeof a === "number" ? [a] : [...a];
  for (const i of list) {
    if (!Number.isInteger(i) || i < 0 || i >= nargs) {
      throw new DifferentiationError(`${fname}: argnums ${i} is out of range: f was called with ${nargs} argument(s)`);
    }
  }
  return list;
}

/** One result for a number argnums, an array for an array argnums. */
export function shapeResults<T>(opts: DiffOptions | undefined, results: T[]): T | T[] {
  return Array.isArray(opts?.argnums) ? results : results[0];
}

/** The function to differentiate, checked when the derivative is made (as JAX does). */
export function assertFunction(f: unknown, fname: string): void {
  if (typeof f !== "function") {
    throw new DifferentiationError(`${fname}: expected a function to differentiate, got ${describe(f)}`);
  }
}
