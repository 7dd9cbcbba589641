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

/** The hasAux option of jacobian, jacfwd, jacrev and hessian (grad's is in GradOptions). */
export interface AuxOption {
  /**
   * f returns [value, aux]: value is differentiated, aux (anything: predictions, metrics) comes
   * back beside the result, as JAX's has_aux: the result is then [derivative, aux].
   */
  hasAux?: boolean;
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

/** What each option of the differentiation functions may be, said as the error says it. */
const OPTION_CHECKS: Record<string, OptionCheck> = {
  argnums: {
    ok: (v) => isArgnum(v) || (Array.isArray(v) && v.every(isArgnum)),
    expected: "a non-negative integer or an array of them, such as 0 or [0, 1]",
  },
  layout: { ok: (v) => v === "numerator" || v === "denominator", expected: '"numerator" or "denominator"' },
  hasAux: { ok: (v) => typeof v === "boolean", expected: "true or false" },
  mode: { ok: (v) => v === "reverse-over-reverse" || v === "forward-over-reverse", expected: '"reverse-over-reverse" or "forward-over-reverse"' },
  // latex(f, { at, order, names }): at is checked where it is read (it may be any point).
  at: { ok: () => true, expected: "a point" },
  order: { ok: (v) => v === 1 || v === 2, expected: "1 or 2" },
  names: { ok: (v) => Array.isArray(v) && v.every((e) => typeof e === "string"), expected: 'an array of names, such as ["x", "y"]' },
  rtol: { ok: (v) => typeof v === "number" && v >= 0, expected: "a non-negative number" },
  atol: { ok: (v) => typeof v === "number" && v >= 0, expected: "a non-negative number" },
  step: { ok: (v) => typeof v === "number" && v > 0, expected: "a positive number" },
};

function isArgnum(v: unknown): boolean {
  return Number.isInteger(v) && (v as number) >= 0;
}

/** What one option may be: a test, and the words the error uses for what was expected. */
export interface OptionCheck {
  ok(v: unknown): boolean;
  expected: string;
}

/**
 * The options object given to fname, checked when the derivative is made: an unknown name
 * (a typo such as `argnum`) or a value of the wrong kind (`layout: "row"`, `argnums: "1"`) was
 * ignored, and the result was silently of another argument or layout.
 */
export function checkOptions(opts: unknown, fname: string, allowed: readonly string[]): void {
  checkOptionsWith(opts, fname, Object.fromEntries(allowed.map((name) => [name, OPTION_CHECKS[name]])));
}

/**
 * checkOptions with the checks given: the options of displays (plot, heatmap …) have their
 * own, and their errors are TypeErrors (`ErrorClass`), not differentiation errors.
 */
export function checkOptionsWith(opts: unknown, fname: string, checks: Readonly<Record<string, OptionCheck>>, ErrorClass: new (message: string) => Error = DifferentiationError): void {
  if (opts === undefined) return;
  const allowed = Object.keys(checks);
  if (typeof opts !== "object" || opts === null || Array.isArray(opts)) {
    throw new ErrorClass(`${fname}: the options must be an object such as { ${allowed[0]}: … } (options: ${allowed.join(", ")}), got ${describe(opts)}`);
  }
  for (const [key, value] of Object.entries(opts)) {
    if (!Object.hasOwn(checks, key)) throw new ErrorClass(`${fname}: unknown option "${key}"; the options are ${allowed.join(", ")}`);
    if (value === undefined) continue;
    const check = checks[key];
    if (!check.ok(value)) throw new ErrorClass(`${fname}: option ${key} must be ${check.expected}, got ${describeOption(value)}`);
  }
}

function describeOption(v: unknown): string {
  return Array.isArray(v) ? `[${v.map((e) => (typeof e === "string" ? JSON.stringify(e) : String(e))).join(", ")}]` : describe(v);
}
