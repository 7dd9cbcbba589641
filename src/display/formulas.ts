import { newTag } from "../core/tags";
import { observeBranches } from "../core/branches";
import { isValue, primalOf, type Value } from "../core/value";
import { Tape } from "../reverse/tape";
import { Var } from "../reverse/var";
import { jacfwd } from "../api/jacobian";
import { checkOptions } from "../api/options";
import { describe, nest } from "../api/containers";
import { DifferentiationError } from "../errors";
import { ExprBuilder, childrenOf, type Expr } from "./symbolic/expr";
import { TapeReader } from "./symbolic/from-tape";
import { LatexPrinter, commonSubexpressions, numberLatex } from "./symbolic/to-latex";
import { componentLatex, freshNames, nameLatex, parameterNames } from "./symbolic/names";
import { formatNumber } from "./format-number";

type Fn = (...args: never[]) => unknown;

export interface LatexOptions {
  /**
   * Where f is traced: its argument (for one parameter) or the array of its arguments (for
   * several). It fixes the shapes — `at: [1, 2]` makes a one-parameter f a function of a
   * vector — and, when f branches on its input, the branch. Default: each parameter a scalar.
   */
  at?: unknown;
  /** 2 adds the second derivative: f″, or the Hessian of a scalar function of several variables. */
  order?: 1 | 2;
  /** Names of f's parameters when its source does not show them (default: read from f). */
  names?: string[];
}

/** One input variable of the formulas: its plain name (x_1) and its LaTeX (x_{1}). */
export interface FormulaVariable {
  readonly name: string;
  readonly latex: string;
  /** The value it was traced at. */
  readonly value: number;
}

/**
 * A function and its derivatives as formulas (see `latex`). Each formula is a LaTeX string
 * in which the names of `definitions` stand for their definitions.
 */
export class Formulas {
  constructor(
    /** The function's name and arguments as written: f(x, y). */
    readonly head: string,
    readonly variables: readonly FormulaVariable[],
    /** f itself: one formula, one per component of a vector result, or rows of a matrix result. */
    readonly value: string | string[] | string[][],
    /** f′(x) (a matrix of formulas for a matrix result), the gradient (one formula per variable) or the Jacobian (rows of formulas). */
    readonly derivative: string | string[] | string[][],
    /** f″(x) or the Hessian, when asked for with `order: 2`. */
    readonly second: string | string[][] | undefined,
    /** Common subexpressions named for brevity, in the order they may be evaluated: [name, formula]. */
    readonly definitions: readonly (readonly [string, string])[],
    /** The comparisons f made on its input while it was traced, as LaTeX (the branch the formulas hold on). */
    readonly branches: readonly string[],
    /** Notes on notation (σ, sgn, rem). */
    readonly notation: readonly string[],
  ) {}

  /** All lines, aligned on =, as one LaTeX display. */
  toLatex(): string {
    const lines: string[] = [];
    const one = this.variables.length === 1 && typeof this.value === "string";
    const vars = this.variables.map((v) => v.latex);
    const isMatrix = Array.isArray(this.value) && Array.isArray(this.value[0]);
    lines.push(`${this.head} &= ${typeof this.value === "string" ? this.value : isMatrix ? matrix(this.value as string[][]) : column(this.value as string[])}`);
    if (isMatrix) {
      // A matrix of one number, F(x): its derivative is the matrix of the entries' derivatives.
      lines.push(`f'(${vars[0]}) &= ${matrix(this.derivative as string[][])}`);
    } else if (typeof this.value !== "string") {
      lines.push(`J_f &= ${matrix(this.derivative as string[][])}`);
    } else if (one) {
      lines.push(`f'(${vars[0]}) &= ${this.derivative as string}`);
      if (this.second !== undefined) lines.push(`f''(${vars[0]}) &= ${this.second as string}`);
    } else {
      lines.push(`\\nabla f &= ${column(this.derivative as string[])}`);
      if (this.second !== undefined) lines.push(`\\nabla^{2} f &= ${matrix(this.second as string[][])}`);
    }
    this.definitions.forEach(([name, formula], i) => lines.push(`${i === 0 ? "\\text{where}\\quad " : ""}${name} &= ${formula}`));
    for (const n of this.notation) lines.push(`&\\text{with } ${n}`);
    if (this.branches.length > 0) lines.push(`&\\text{on the branch traced: } ${this.branches.join(",\\ ")}`);
    return `\\begin{aligned}\n${lines.join(" \\\\\n")}\n\\end{aligned}`;
  }

  toString(): string {
    return this.toLatex();
  }

  [Symbol.for("Jupyter.display")](): Record<string, string> {
    const point = this.variables.map((v) => `${v.name} = ${formatNumber(v.value)}`).join(", ");
    const note = this.branches.length > 0 ? `\n(f branches on its input: these formulas hold on the branch taken at ${point})` : "";
    return { "text/plain": this.toLatex() + note, "text/latex": `$$${this.toLatex()}$$` };
  }
}

function column(entries: readonly string[]): string {
  return `\\begin{bmatrix} ${entries.join(" \\\\ ")} \\end{bmatrix}`;
}

function matrix(rows: readonly (readonly string[])[]): string {
  return `\\begin{bmatrix} ${rows.map((r) => r.join(" & ")).join(" \\\\ ")} \\end{bmatrix}`;
}

/** Generic points: no two inputs equal, none at 0 or 1 where many functions have kinks or special values. */
const DEFAULT_POINT = [0.7, 0.3, 0.45, 0.85, 0.6, 0.35, 0.55, 0.9, 0.4, 0.65];

/**
 * f and its derivative as formulas, typeset: f′(x) for a function of one number (a matrix
 * of derivatives for a matrix of one number, F(x) = [[x, x²], [x³, x⁴]]), the
 * gradient for a scalar function of several, the Jacobian for a vector function, and with
 * `{ order: 2 }` also f″ or the Hessian. f is traced on symbols by the same derivative
 * rules the runtime uses, then simplified (no 1·x, x + 0, x¹ or double negatives; constants
 * folded; repeated subexpressions named). A formula is the branch f took at the traced point
 * (`at`); when f compares its input, the display says which comparisons held.
 *
 * Without `at` every parameter is a number. A function of an array (`v => v[0] * v[1]`)
 * needs its point, `{ at: [1, 2] }`, which fixes the array's length — as JAX traces a
 * function on an example argument and SymPy needs its symbols named. The length is not
 * guessed from the indices f reads (a loop over `v.length` or a branch hides them); an
 * error says which parameter f reads as an array and what to pass. Its components are
 * written x_1 … x_n, X_{11} …, counted from 1 as the course writes them (x_1 is x[0] in code);
 * a parameter named x1 or theta0 gives {x_{1}}_{2}, {\theta_{0}}_{2}.
 *
 * @example
 * latex((x: number) => Math.sin(2 * x + 1))
 * // f(x) = \sin\left(2 x + 1\right),  f'(x) = 2 \cos\left(2 x + 1\right)
 * latex((x: number, y: number) => x * x * y + Math.exp(y), { order: 2 })
 * latex((x: number[]) => [x[0] * x[1], x[0] + x[1]], { at: [1, 2] })  // the Jacobian
 * latex((t: number) => [[Math.cos(t), Math.sin(t)], [-Math.sin(t), Math.cos(t)]])  // F′(t), a matrix
 */
export function latex(f: Fn, options: LatexOptions = {}): Formulas {
  if (typeof f !== "function") throw new TypeError(`latex: expected a function, got ${describe(f)}`);
  // { order: 3 } or { ordr: 2 } was ignored: the first derivative alone, with no word why.
  checkOptions(options, "latex", ["at", "order", "names"]);
  const paramCount = f.length;
  const args: unknown[] =
    options.at === undefined
      ? Array.from({ length: Math.max(paramCount, 1) }, (_, i) => DEFAULT_POINT[i % DEFAULT_POINT.length])
      : paramCount > 1
        ? (Array.isArray(options.at) && options.at.length === paramCount ? options.at : badPoint(options.at, paramCount))
        : [options.at];
  const read = parameterNames(f);
  const names =
    options.names ??
    (read && read.length >= args.length ? read : args.map((_, i) => (args.length === 1 ? "x" : (["x", "y", "z", "w"][i] ?? `x${i + 1}`))));
  if (names.length < args.length) throw new TypeError(`latex: ${args.length} arguments but only ${names.length} names (${names.join(", ")})`);

  const builder = new ExprBuilder();
  const tape = new Tape(newTag());
  tape.trace = [];
  const leaves = new Map<number, Expr>();
  const variables: FormulaVariable[] = [];
  const flatVars: Var[] = [];
  const shapes: number[][] = [];
  const leaf = (value: number, name: string, tex: string): Var => {
    const v = new Var(value, tape, tape.leaf(value));
    leaves.set(v.index, builder.sym(name, tex));
    variables.push({ name, latex: tex, value });
    flatVars.push(v);
    return v;
  };
  const traced = args.map((a, k) => seed(a, names[k], leaf, shapes));
  const rebuild = (flat: unknown[]): unknown[] => {
    let offset = 0;
    return shapes.map((shape) => {
      const size = shape.reduce((p, n) => p * n, 1);
      const part = flat.slice(offset, offset + size);
      offset += size;
      return nest(part as Value[], shape);
    });
  };
  const g = (flat: unknown[]): unknown => (f as (...a: unknown[]) => unknown)(...rebuild(flat));

  // The value, noting each comparison f makes on its input.
  const comparisons: [string, unknown, unknown, boolean][] = [];
  const reader = new TapeReader(tape, builder, leaves);
  const expressionOf = (v: unknown, what: string): Expr => {
    if (typeof v === "number") return builder.num(v === 0 ? 0 : v); // a derivative −0 reads 0; only x/−0 keeps its sign
    if (v instanceof Var && v.tape === tape && typeof v.value === "number") return reader.expressionOf(v.index);
    throw new DifferentiationError(`latex: ${what} is ${describe(v)}; formulas are shown for functions that return numbers or arrays of numbers`);
  };
  const traceValue = (): [unknown, Expr | Expr[] | Expr[][]] => {
    const y = observeBranches(
      (op, a, b, result) => {
        if (a instanceof Var || b instanceof Var) comparisons.push([op, a, b, result]);
      },
      () => (f as (...a: unknown[]) => unknown)(...traced),
    );
    const isVector = Array.isArray(y);
    if (isVector && (y as unknown[]).some((e) => Array.isArray(e))) {
      // The course's F(x) = [[x, x²], [x³, x⁴]] and the rotation matrix of t: a matrix of one
      // number has a matrix derivative. Of a vector it would be a 3-tensor, with no formula layout.
      const rows = y as unknown[];
      const width = Array.isArray(rows[0]) ? rows[0].length : -1;
      const rectangular = rows.every((r) => Array.isArray(r) && r.length === width && r.every((e) => !Array.isArray(e)));
      if (!rectangular || variables.length !== 1 || shapes[0].length !== 0) {
        throw new DifferentiationError(
          "latex: f returned nested arrays; formulas are shown for a number, a vector, or a matrix result of one number (F(x) = [[x, x²], [x³, x⁴]]) — the derivative of a matrix by a vector is a 3-tensor: use jacobian(f) and heatmap",
        );
      }
      return [y, rows.map((r, i) => (r as unknown[]).map((e, j) => expressionOf(e, `f's result[${i}][${j}]`)))];
    }
    if (isValue(y) && typeof primalOf(y) !== "number") {
      // matmul(A, x) and the like: one tensor operation, no scalar formula to read back.
      throw new DifferentiationError(
        `latex: f returned a tensor, ${describe(y)}; formulas are written from scalar operations: write f with its elements (A[0][0] * x[0] + …, loops over x.length) and return a number or an array of numbers`,
      );
    }
    if (!isVector && !(typeof y === "number" || (isValue(y) && typeof primalOf(y) === "number"))) {
      throw new DifferentiationError(`latex: f returned ${describe(y)}; it must return a number or an array of numbers`);
    }
    return [y, isVector ? (y as unknown[]).map((e, i) => expressionOf(e, `f's result[${i}]`)) : expressionOf(y, "f's result")];
  };
  let y: unknown;
  let value: Expr | Expr[] | Expr[][];
  try {
    [y, value] = traceValue();
  } catch (error) {
    // Without `at` every parameter was a number; if f failed because it reads one as an
    // array (v[0] of a number is undefined), say so rather than what undefined broke.
    if (options.at === undefined) arrayParameterError(f, names.slice(0, args.length), error);
    throw error;
  }
  // A loop over v.length of a number does not run: f came out constant, and wrong.
  if (options.at === undefined && [value].flat(2).every((e) => e.kind === "num")) arrayParameterError(f, names.slice(0, args.length), undefined);
  const isVector = Array.isArray(y);
  const isMatrix = isVector && Array.isArray((value as unknown[])[0]);
  if (options.order === 2 && isVector) throw new DifferentiationError("latex: order 2 (the Hessian) needs a scalar function");
  let first: Expr | Expr[] | Expr[][];
  let second: Expr | Expr[][] | undefined;
  const one = variables.length === 1 && shapes[0].length === 0;
  if (isMatrix) {
    // One input: the Jacobian has shape rows × columns × 1.
    const J = jacfwd(g)(flatVars) as unknown[][][];
    first = J.map((row, i) => row.map((e, j) => expressionOf(e[0], `∂f${i + 1}${j + 1}/∂${variables[0].name}`)));
  } else if (isVector) {
    const J = jacfwd(g)(flatVars) as unknown[][];
    first = J.map((row, i) => row.map((e, j) => expressionOf(e, `∂f${i + 1}/∂${variables[j].name}`)));
  } else {
    const gradient = jacfwd(g)(flatVars) as unknown[];
    first = gradient.map((e, j) => expressionOf(e, `∂f/∂${variables[j].name}`));
    if (options.order === 2) {
      const H = jacfwd((v: unknown[]) => jacfwd(g)(v))(flatVars) as unknown[][];
      second = H.map((row, i) => row.map((e, j) => expressionOf(e, `∂²f/∂${variables[i].name}∂${variables[j].name}`)));
    }
    if (one) {
      first = (first as Expr[])[0];
      if (second) second = (second as Expr[][])[0][0];
    }
  }

  // Forward mode (above) writes derivatives the way the chain rule is written by hand,
  // g′(h(x))·h′(x), where reverse mode would hand back sums already multiplied out.
  // Name what repeats, then print.
  const roots: Expr[] = [value, first, second ?? []].flat(3) as Expr[];
  const named = commonSubexpressions(roots);
  const taken = new Set(variables.map((v) => v.name).concat(names));
  const fresh = freshNames(taken);
  const nameOf = new Map<Expr, string>(named.map((e) => [e, fresh.next().value as string]));
  // A variable named e: exp(e) is written \exp(e), which e^{e} would not say.
  const printer = new LatexPrinter(nameOf, { expAsFunction: variables.some((v) => v.latex === "e") });
  const print = (e: Expr): string => (nameOf.has(e) ? (nameOf.get(e) as string) : printer.print(e));
  const printAll = (x: unknown): unknown => (Array.isArray(x) ? x.map(printAll) : print(x as Expr));
  const printValue = (x: unknown): unknown => (Array.isArray(x) ? x.map(printValue) : printer.print(x as Expr));
  const definitions = named.map((e) => [nameOf.get(e) as string, printer.print(e)] as const);

  const uses = [...roots, ...named];
  const notation: string[] = [];
  if (uses.some((e) => mentions(e, "sigmoid"))) notation.push("\\sigma(t) = \\frac{1}{1 + e^{-t}}");
  if (uses.some((e) => mentions(e, "sign"))) notation.push("\\operatorname{sgn}(t) \\in \\{-1, 0, 1\\}");
  if (uses.some((e) => mentions(e, "mod"))) notation.push("\\operatorname{rem}(a, b) = a - b \\operatorname{trunc}(a / b) \\text{, the sign of } a \\text{ (JavaScript's \\%)}");

  const branches = comparisons.map(([op, a, b, result]) => {
    const side = (v: unknown): string => (v instanceof Var ? printer.print(expressionOf(v, "a compared value")) : numberLatex(Number(v)));
    return `${side(a)} ${LATEX_COMPARISON[result ? op : NEGATION[op]]} ${side(b)}`;
  });
  const head = `f(${names.slice(0, args.length).map(nameLatex).join(", ")})`;
  return new Formulas(
    head,
    variables,
    printValue(value) as string | string[] | string[][],
    printAll(first) as string | string[] | string[][],
    second === undefined ? undefined : (printAll(second) as string | string[][]),
    definitions,
    [...new Set(branches)],
    notation,
  );
}

const NEGATION: Record<string, string> = { "<": ">=", "<=": ">", ">": "<=", ">=": "<", "==": "!=", "!=": "==" };
const LATEX_COMPARISON: Record<string, string> = { "<": "<", "<=": "\\le", ">": ">", ">=": "\\ge", "==": "=", "!=": "\\ne" };

/** Property reads that show a parameter is used as an array, besides its indices. */
const ARRAY_USES = new Set<string | symbol>(["length", "map", "forEach", "reduce", "slice", "filter", "every", "some", "at", "entries", "values", Symbol.iterator]);

/**
 * Throws a TypeError naming the parameters f reads as arrays, if any: f is called once more
 * on stand-ins that record the properties read from them. (The runtime's operations read
 * no index or length of an object that is not an array, so what is recorded is f's own use.)
 * The length is not guessed from the highest index read: a loop over v.length or a branch
 * hides it, and a wrong guess would print a gradient of the wrong size as if it were right.
 */
function arrayParameterError(f: Fn, names: string[], cause: unknown): void {
  const reads = names.map(() => ({ array: false, highest: -1, use: "" }));
  const probes = reads.map(
    (r) =>
      new Proxy(
        {},
        {
          get(_target, key) {
            if (typeof key === "string" && /^(?:0|[1-9]\d*)$/.test(key)) {
              r.array = true;
              r.highest = Math.max(r.highest, Number(key));
            } else if (ARRAY_USES.has(key)) {
              r.array = true;
              r.use ||= typeof key === "string" ? `.${key}` : "[Symbol.iterator]";
            }
            return undefined;
          },
        },
      ),
  );
  try {
    (f as (...a: unknown[]) => unknown)(...probes);
  } catch {
    // Expected: f cannot compute with stand-ins; what it read before failing is enough.
  }
  const arrays = names.filter((_, k) => reads[k].array);
  if (arrays.length === 0) return;
  const example = (k: number): string => {
    const n = reads[k].highest < 0 ? 3 : Math.max(reads[k].highest + 1, 2);
    return reads[k].array ? `[${DEFAULT_POINT.slice(0, n).join(", ")}]` : String(DEFAULT_POINT[k]);
  };
  const at = names.length === 1 ? example(0) : `[${names.map((_, k) => example(k)).join(", ")}]`;
  const read = names
    .map((name, k) => (reads[k].highest >= 0 ? `${name}[${reads[k].highest}]` : reads[k].array ? `${name}${reads[k].use}` : ""))
    .filter((s) => s !== "")
    .join(", ");
  throw new TypeError(
    `latex: f reads ${arrays.join(" and ")} as an array (${read}), but without \`at\` every parameter is traced as a number. ` +
      `Give the point, which fixes the length: latex(f, { at: ${at} })${reads.some((r) => r.array && r.highest < 0) ? ", one number per element" : ""}`,
    { cause },
  );
}

function badPoint(at: unknown, n: number): never {
  throw new TypeError(`latex: f takes ${n} arguments, so \`at\` must be an array of ${n} arguments, got ${describe(at)}`);
}

/**
 * Seeds one argument with symbols: a number is one variable, an array one per element (x_1, …;
 * X_{12}, …; {x_{1}}_{2} for a parameter named x1), counted from 1 as the course writes them.
 */
function seed(a: unknown, name: string, leaf: (v: number, name: string, tex: string) => Var, shapes: number[][]): unknown {
  if (typeof a === "number") {
    shapes.push([]);
    return leaf(a, name, nameLatex(name));
  }
  if (Array.isArray(a) && a.every((e) => typeof e === "number")) {
    shapes.push([a.length]);
    return a.map((e: number, i) => leaf(e, `${name}_${i + 1}`, componentLatex(name, `${i + 1}`)));
  }
  if (Array.isArray(a) && a.length > 0 && a.every((r) => Array.isArray(r) && r.length === a[0].length && r.every((e: unknown) => typeof e === "number"))) {
    const rows = a as number[][];
    shapes.push([rows.length, rows[0].length]);
    const sep = rows.length < 10 && rows[0].length < 10 ? "" : ",";
    return rows.map((r, i) => r.map((e, j) => leaf(e, `${name}_${i + 1}${sep}${j + 1}`, componentLatex(name, `${i + 1}${sep}${j + 1}`))));
  }
  throw new TypeError(`latex: the argument ${name} must be a number, an array of numbers or a matrix (number[][]), got ${describe(a)}`);
}

function mentions(e: Expr, name: string, seen = new Set<Expr>()): boolean {
  if (seen.has(e)) return false;
  seen.add(e);
  if (e.kind === "call" && e.name === name) return true;
  return childrenOf(e).some((c) => mentions(c, name, seen));
}
