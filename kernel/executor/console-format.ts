/**
 * `console.log("step %d, loss %f", i, loss)` inside a differentiated function: Node's format
 * reads %d through Number() and %i, %f through parseInt and parseFloat of the text, so a dual
 * number or tape variable threw DerivativeLostError (%d) or printed NaN (%f of "Var(1.5)").
 * Printed text carries no derivative: the arguments those specifiers take are given as their
 * numbers. Every other argument is left as it is (%s and %o show "Var(1.5)", as console.log(x)).
 */
export function formatNumbersOfAD(args: unknown[], numberOf: (v: unknown) => number | undefined): unknown[] {
  const format = args[0];
  if (typeof format !== "string" || !format.includes("%")) return args;
  let out: unknown[] | null = null;
  let next = 1;
  for (let i = 0; i < format.length - 1 && next < args.length; i++) {
    if (format[i] !== "%") continue;
    const spec = format[i + 1];
    i++;
    if (spec === "d" || spec === "i" || spec === "f") {
      const n = numberOf(args[next]);
      if (n !== undefined) (out ??= args.slice())[next] = n;
      next++;
    } else if ("sjoOc".includes(spec)) {
      next++;
    }
    // %% and % before any other character take no argument (Node's format does the same).
  }
  return out ?? args;
}

/**
 * console.table(x) of dual numbers or tape variables (inside grad): each entry as its number,
 * also in rows that are arrays or plain objects. Node's table showed each one's fields as
 * columns, value, tape and index.
 */
export function tableOfAD(data: unknown, numberOf: (v: unknown) => number | undefined): unknown {
  const cell = (v: unknown): unknown => numberOf(v) ?? v;
  const row = (r: unknown): unknown => {
    const n = numberOf(r);
    if (n !== undefined) return n;
    if (Array.isArray(r)) return r.map(cell);
    if (isPlainObject(r)) return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, cell(v)]));
    return r;
  };
  if (Array.isArray(data)) return data.map(row);
  if (isPlainObject(data)) return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, row(v)]));
  return data;
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (x === null || typeof x !== "object") return false;
  const proto = Object.getPrototypeOf(x) as object | null;
  return proto === null || Object.getPrototypeOf(proto) === null;
}

/** The console methods that format their arguments as console.log does. */
export const FORMATTING_METHODS = ["log", "info", "debug", "warn", "error", "trace"] as const;

/**
 * Makes a console's formatting methods give %d, %i and %f the number a scalar dual number or
 * tape variable holds (see formatNumbersOfAD), and console.table its entries' numbers (see
 * tableOfAD); `numberOf` gives it, or undefined for any other value.
 */
export function formatADNumbers(console: Console, numberOf: (v: unknown) => number | undefined): void {
  for (const name of FORMATTING_METHODS) {
    const method = console[name].bind(console) as (...args: unknown[]) => void;
    console[name] = (...args: unknown[]) => method(...formatNumbersOfAD(args, numberOf));
  }
  const table = console.table.bind(console);
  console.table = (data: unknown, columns?: readonly string[]) => table(tableOfAD(data, numberOf), columns);
}
