import { isValue, primalOf } from "../core/value";
import type { Value } from "../core/value";
import { Tensor } from "../tensor/tensor";
import { describe } from "./containers";

/** A failed check in a notebook: the message names the value, the expectation and the gap. */
export class CheckFailedError extends Error {
  override name = "CheckFailedError";
}

function numbers(x: unknown): number[] {
  if (typeof x === "number") return [x];
  if (Array.isArray(x)) return x.flatMap(numbers);
  if (isValue(x)) {
    const p = primalOf(x as Value);
    return typeof p === "number" ? [p] : Array.from((p as Tensor).data);
  }
  throw new TypeError(`expectClose: cannot compare ${String(x)}`);
}

/** Values listed in a check's line; a longer array shows its first and last few and its length. */
const SHOWN_VALUES = 12;

/**
 * The values of a check's line: one number as itself, an array in brackets, a long one cut
 * to its first 8 and last 3 entries with its length (20 000 values made a 258 KB line).
 * @example
 * shownValues([1, 2])                                   // "[1, 2]"
 * shownValues(Array.from({ length: 100 }, (_, i) => i)) // "[0, 1, 2, 3, 4, 5, 6, 7, …, 97, 98, 99] (100 values)"
 */
function shownValues(xs: number[]): string {
  if (xs.length === 1) return String(xs[0]);
  if (xs.length <= SHOWN_VALUES) return `[${xs.join(", ")}]`;
  return `[${xs.slice(0, 8).join(", ")}, …, ${xs.slice(-3).join(", ")}] (${xs.length} values)`;
}

/**
 * Checks that a result matches what the course says, to a tolerance, and shows a pass line
 * (✔ label: value ≈ expected); throws on failure, so a notebook that re-runs also re-checks.
 * Numbers, arrays and tensors compare entry by entry.
 *
 * @example
 * expectClose(derivative((x: number) => x ** 2)(2), 4, 1e-12, "d/dx x² at 2")
 */
export function expectClose(actual: unknown, expected: unknown, tol = 1e-9, label = "check"): CheckResult {
  // expectClose(x, y, { rtol: 1e-6 }) compared against an object: every check failed, "> [object Object]".
  if (typeof tol !== "number" || !(tol >= 0)) {
    throw new TypeError(`expectClose: the tolerance (third argument) must be a non-negative number, such as 1e-6, got ${describe(tol)}`);
  }
  const a = numbers(actual);
  const e = numbers(expected);
  if (a.length !== e.length) throw new CheckFailedError(`✘ ${label}: got ${a.length} values, expected ${e.length}`);
  let worst = 0;
  let worstAt = 0;
  a.forEach((v, i) => {
    const gap = Math.abs(v - e[i]) / Math.max(1, Math.abs(e[i]));
    const g = Number.isNaN(gap) ? Infinity : gap;
    if (g > worst) (worst = g), (worstAt = i);
  });
  const shown = shownValues;
  if (!(worst <= tol)) {
    // A long array is shown cut short, so the entry that failed is named.
    const where = a.length > SHOWN_VALUES ? `; at index ${worstAt}: got ${a[worstAt]}, expected ${e[worstAt]}` : "";
    throw new CheckFailedError(`✘ ${label}: got ${shown(a)}, expected ${shown(e)} (relative gap ${worst.toExponential(2)} > ${tol}${where})`);
  }
  return new CheckResult(`✔ ${label}: ${shown(a)} ≈ ${shown(e)}`);
}

/** A passed check, shown as one green line. */
export class CheckResult {
  constructor(readonly message: string) {}

  toString(): string {
    return this.message;
  }

  [Symbol.for("Jupyter.display")](): Record<string, string> {
    const html = this.message.replace(/&/g, "&amp;").replace(/</g, "&lt;");
    return { "text/plain": this.message, "text/html": `<div style="color:#1a7f37;font-family:sans-serif">${html}</div>` };
  }
}
