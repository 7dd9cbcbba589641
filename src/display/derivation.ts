import { newTag } from "../core/tags";
import { Tape, NodeKind } from "../reverse/tape";
import { Var } from "../reverse/var";
import { backward } from "../reverse/backward";
import { DifferentiationError } from "../errors";
import { describe } from "../api/containers";
import { formatNumber, formatNumberLatex } from "./format-number";
import { xml } from "./svg";
import { componentLatex, componentName, nameLatex, parameterNames } from "./symbolic/names";

/**
 * An operand that follows an operator or carries an exponent: a negative constant in
 * parentheses (x − (−0.5), x·(−2), (−2)^x: −2^x would read −(2^x)); in LaTeX also a constant
 * with a power of ten or a fraction, which cannot take an exponent as it is.
 */
function wrap(s: string, latex: boolean): string {
  if (s.startsWith("-") || (latex && /\\times|\\frac/.test(s))) return latex ? `\\left(${s}\\right)` : `(${s})`;
  return s;
}

/** e to the power a; exp(e) for the step named e, which e^{e} would read as Euler's number to its own power. */
function powerOfE(a: string): string {
  return a === "e" ? "\\exp(e)" : `e^{${a}}`;
}

type Spelling = (a: string, b: string) => string;

/**
 * How an operation is written, in LaTeX and in plain text, from its operands, as the course
 * and latex(f) write it: log2 as \log_{2}, log1p as ln(1 + x), hypot as √(a² + b²).
 */
const FORMULAS: Record<string, { latex: Spelling; text: Spelling }> = {
  add: { latex: (a, b) => `${a} + ${wrap(b, true)}`, text: (a, b) => `${a} + ${wrap(b, false)}` },
  sub: { latex: (a, b) => `${a} - ${wrap(b, true)}`, text: (a, b) => `${a} − ${wrap(b, false)}` },
  mul: { latex: (a, b) => `${a} \\cdot ${wrap(b, true)}`, text: (a, b) => `${a}·${wrap(b, false)}` },
  div: { latex: (a, b) => `\\frac{${a}}{${b}}`, text: (a, b) => `${a} / ${b}` },
  pow: { latex: (a, b) => `${wrap(a, true)}^{${b}}`, text: (a, b) => `${wrap(a, false)}^${b}` },
  neg: { latex: (a) => `-${a}`, text: (a) => `−${a}` },
  exp: { latex: (a) => powerOfE(a), text: (a) => `exp(${a})` },
  expm1: { latex: (a) => `${powerOfE(a)} - 1`, text: (a) => `expm1(${a})` },
  log: { latex: (a) => `\\ln ${a}`, text: (a) => `ln(${a})` },
  log1p: { latex: (a) => `\\ln\\left(1 + ${a}\\right)`, text: (a) => `log1p(${a})` },
  log2: { latex: (a) => `\\log_{2} ${a}`, text: (a) => `log2(${a})` },
  log10: { latex: (a) => `\\log_{10} ${a}`, text: (a) => `log10(${a})` },
  sqrt: { latex: (a) => `\\sqrt{${a}}`, text: (a) => `√${a}` },
  cbrt: { latex: (a) => `\\sqrt[3]{${a}}`, text: (a) => `cbrt(${a})` },
  abs: { latex: (a) => `\\left|${a}\\right|`, text: (a) => `abs(${a})` },
  sign: { latex: (a) => `\\operatorname{sgn}\\left(${a}\\right)`, text: (a) => `sign(${a})` },
  hypot: { latex: (a, b) => `\\sqrt{${wrap(a, true)}^{2} + ${wrap(b, true)}^{2}}`, text: (a, b) => `hypot(${a}, ${b})` },
  softplus: { latex: (a) => `\\ln\\left(1 + ${powerOfE(a)}\\right)`, text: (a) => `softplus(${a})` },
  relu: { latex: (a) => `\\max\\left(0, ${a}\\right)`, text: (a) => `relu(${a})` },
  max: { latex: (a, b) => `\\max\\left(${a}, ${b}\\right)`, text: (a, b) => `max(${a}, ${b})` },
  min: { latex: (a, b) => `\\min\\left(${a}, ${b}\\right)`, text: (a, b) => `min(${a}, ${b})` },
  sigmoid: { latex: (a) => `\\sigma(${a})`, text: (a) => `σ(${a})` },
  // JavaScript's %, the remainder with the sign of a: not a mod b, which is 1.3 for −0.7 mod 2.
  mod: { latex: (a, b) => `\\operatorname{rem}(${a}, ${b})`, text: (a, b) => `${a} % ${b}` },
};
/** Functions TeX names itself, \sin x; the inverse trigonometric ones as \arcsin x. */
const NAMED: Record<string, string> = {
  sin: "sin", cos: "cos", tan: "tan", sinh: "sinh", cosh: "cosh", tanh: "tanh", asin: "arcsin", acos: "arccos", atan: "arctan",
};

function formula(name: string, a: string, b: string, latex: boolean): string {
  const f = FORMULAS[name];
  if (f) return latex ? f.latex(a, b) : f.text(a, b);
  const args = b ? `${a}, ${b}` : a;
  if (latex) return NAMED[name] ? `\\${NAMED[name]} ${a}` : `\\operatorname{${name}}(${args})`;
  return `${name}(${args})`;
}

/** One intermediate variable of the evaluation trace. */
export interface TraceRow {
  readonly name: string;
  readonly latexName: string;
  readonly formula: string;
  readonly latexFormula: string;
  readonly value: number;
  /** ∂(this)/∂(operand) for each operand that is a variable. */
  readonly partials: { readonly wrt: string; readonly latexWrt: string; readonly value: number }[];
  /** The forward-mode tangent (a scalar input seeded with 1); undefined for several inputs. */
  readonly tangent?: number;
  /** The reverse-mode adjoint ∂f/∂(this). */
  readonly adjoint: number;
}

/**
 * The worked derivation of a scalar function at a point, as the course writes it: every
 * intermediate variable of the evaluation trace with its formula, its value, its local
 * partial derivatives, its forward tangent and its reverse adjoint, ending in the derivative.
 * Shown as an HTML table and as LaTeX. f takes a number, an array of numbers (inputs x1, x2,
 * …, named after f's parameter), a matrix (X11, X12, …), or several numbers, given as an array
 * with one per parameter. Components count from 1, as the course writes x₁ … xₙ: x1 is x[0]
 * in code; a parameter whose name ends in a digit keeps it apart, x1_1, x1_2 ({x_{1}}_{1}).
 *
 * @example
 * derivation((x: number) => Math.sqrt(x**2 + Math.exp(x**2)) + Math.cos(x**2 + Math.exp(x**2)), 0.5)
 * derivation((x: number, y: number) => Math.sin(x) + x * y, [2, 3])
 */
export function derivation(f: (...args: never[]) => unknown, x: number | number[] | number[][]): Derivation {
  // derivation(3, x) read "Function.prototype.toString requires that 'this' be a Function".
  if (typeof f !== "function") throw new TypeError(`derivation: expected a function, got ${describe(f)}`);
  const tape = new Tape(newTag());
  tape.trace = [];
  const { inputs, inputNames, inputLatex, call } = seedInputs(f, x);
  const leaves = inputs.map((v) => new Var(v, tape, tape.leaf(v)));
  const y = call(leaves);
  if (!(y instanceof Var) || y.tape !== tape || typeof y.value !== "number") {
    throw new DifferentiationError(`derivation: f must return a number computed from its input, got ${describe(y)}`);
  }
  // Only the nodes the result depends on, in evaluation order.
  const needed = new Uint8Array(tape.size);
  needed[y.index] = 1;
  for (let i = y.index; i >= 0; i--) {
    if (!needed[i]) continue;
    const kind = tape.kind[i];
    if (kind === NodeKind.Pullback) throw new DifferentiationError("derivation: only scalar programs can be shown step by step (f used a tensor operation)");
    if (kind === NodeKind.Unary || kind === NodeKind.Binary) {
      if (tape.parentA[i] >= 0) needed[tape.parentA[i]] = 1;
      if (kind === NodeKind.Binary && tape.parentB[i] >= 0) needed[tape.parentB[i]] = 1;
    }
  }
  backward(y);
  const adjoints = tape.adjoints as Float64Array;
  const names = new Map<number, [string, string]>();
  leaves.forEach((leaf, k) => names.set(leaf.index, [inputNames[k], inputLatex[k]]));
  const letters = [..."abcdeghijklmnopqrstuvwyz"].filter((l) => !inputNames.includes(l)).join("");
  let next = 0;
  const tangents = new Float64Array(tape.size);
  if (inputs.length === 1) tangents[leaves[0].index] = 1;
  const rows: TraceRow[] = [];
  for (let i = 0; i <= y.index; i++) {
    const entry = tape.trace[i];
    if (!needed[i] || names.has(i) || !entry) continue;
    // The result is f, as the course writes it; the others are a, b, c, … in order.
    const isResult = i === y.index;
    const letter = isResult ? "f" : next < letters.length ? letters[next] : `v${next}`;
    const latexLetter = isResult ? "f" : next < letters.length ? letters[next] : `v_{${next}}`;
    if (!isResult) next++;
    names.set(i, [letter, latexLetter]);
    const binary = tape.kind[i] === NodeKind.Binary;
    const operand = (parent: number, constant: number | undefined, latex: boolean): string =>
      parent >= 0 ? (names.get(parent) as [string, string])[latex ? 1 : 0] : Object.is(constant, -0) ? "-0" : (latex ? formatNumberLatex : formatNumber)(constant ?? NaN); // x / −0 is −∞, not x / 0
    const pa = tape.parentA[i];
    const pb = binary ? tape.parentB[i] : -1;
    const [a, la] = [operand(pa, entry.constA, false), operand(pa, entry.constA, true)];
    const [b, lb] = binary ? [operand(pb, entry.constB, false), operand(pb, entry.constB, true)] : ["", ""];
    const partials: { wrt: string; latexWrt: string; value: number }[] = [];
    if (pa >= 0) partials.push({ wrt: a, latexWrt: la, value: tape.partialA[i] });
    if (binary && pb >= 0) {
      // x·x depends on x twice: one partial, the sum (2x).
      const same = partials.find((p) => p.wrt === b);
      if (same) same.value += tape.partialB[i];
      else partials.push({ wrt: b, latexWrt: lb, value: tape.partialB[i] });
    }
    tangents[i] = (pa >= 0 ? tape.partialA[i] * tangents[pa] : 0) + (binary && pb >= 0 ? tape.partialB[i] * tangents[pb] : 0);
    rows.push({
      name: letter,
      latexName: latexLetter,
      formula: formula(entry.name, a, b, false),
      latexFormula: formula(entry.name, la, lb, true),
      value: entry.value,
      partials,
      tangent: inputs.length === 1 ? tangents[i] : undefined,
      adjoint: adjoints[i],
    });
  }
  const gradient = leaves.map((leaf) => adjoints[leaf.index]);
  return new Derivation(inputs, rows, y.value, gradient, inputNames, inputLatex);
}

/**
 * The inputs as a flat list of numbers, their names as f names them (t, theta, …; x when
 * that cannot be read) and how f is called with their tape variables.
 */
function seedInputs(f: (...args: never[]) => unknown, x: unknown): { inputs: number[]; inputNames: string[]; inputLatex: string[]; call: (leaves: Var[]) => unknown } {
  const read = parameterNames(f) ?? [];
  const g = f as (...args: unknown[]) => unknown;
  const isNumbers = (a: unknown): a is number[] => Array.isArray(a) && a.every((e) => typeof e === "number");
  if (f.length > 1) {
    // (x, y) => …: one number per parameter.
    if (!isNumbers(x) || x.length !== f.length) {
      throw new TypeError(`derivation: f takes ${f.length} arguments, so the point must be an array of ${f.length} numbers, one per argument (derivation(f, [1, 2])), got ${describe(x)}`);
    }
    const own = read.length === f.length ? read : x.map((_, k) => `x${k + 1}`);
    return { inputs: x, inputNames: own, inputLatex: own.map(nameLatex), call: (leaves) => g(...leaves) };
  }
  const base = read[0] ?? "x";
  if (typeof x === "number") return { inputs: [x], inputNames: [base], inputLatex: [nameLatex(base)], call: (leaves) => g(leaves[0]) };
  if (isNumbers(x)) {
    return {
      inputs: x,
      inputNames: x.map((_, k) => componentName(base, `${k + 1}`)),
      inputLatex: x.map((_, k) => componentLatex(base, `${k + 1}`)),
      call: (leaves) => g(leaves),
    };
  }
  if (Array.isArray(x) && x.length > 0 && x.every((r) => isNumbers(r) && r.length === (x[0] as number[]).length && r.length > 0)) {
    const rows = x as number[][];
    const n = rows[0].length;
    const sep = rows.length < 10 && n < 10 ? "" : ",";
    const index = rows.flatMap((r, i) => r.map((_, j) => `${i + 1}${sep}${j + 1}`));
    return {
      inputs: rows.flat(),
      inputNames: index.map((ij) => componentName(base, ij)),
      inputLatex: index.map((ij) => componentLatex(base, ij)),
      call: (leaves) => g(rows.map((_, i) => leaves.slice(i * n, (i + 1) * n))),
    };
  }
  throw new TypeError(`derivation: the point must be a number, an array of numbers or a matrix (number[][]), got ${describe(x)}`);
}

/** A worked derivation: the evaluation trace with values, local partials, tangents and adjoints. */
export class Derivation {
  constructor(
    readonly inputs: number[],
    readonly rows: TraceRow[],
    readonly value: number,
    /** ∂f/∂xᵢ for every input. */
    readonly gradient: number[],
    /** The inputs' names, as text (x, x1 …) and as LaTeX (x, x_{1} …). */
    readonly names: readonly string[] = inputs.length === 1 ? ["x"] : inputs.map((_, k) => `x${k + 1}`),
    readonly latexNames: readonly string[] = inputs.length === 1 ? ["x"] : inputs.map((_, k) => `x_{${k + 1}}`),
  ) {}

  private inputNames(latex: boolean): readonly string[] {
    return latex ? this.latexNames : this.names;
  }

  toLatex(): string {
    const oneInput = this.inputs.length === 1;
    const header = oneInput
      ? "\\text{variable} & \\text{value} & \\text{local partials} & \\dot{v} & \\bar{v}"
      : "\\text{variable} & \\text{value} & \\text{local partials} & \\bar{v}";
    const inputs = this.inputNames(true).map(
      (name, k) => `${name} & ${formatNumberLatex(this.inputs[k])} & & ${oneInput ? "1 & " : ""}${formatNumberLatex(this.gradient[k])}`,
    );
    const lines = this.rows.map((r) => {
      const partials = r.partials.map((p) => `\\frac{\\partial ${r.latexName}}{\\partial ${p.latexWrt}} = ${formatNumberLatex(p.value)}`).join(",\\ ");
      return `${r.latexName} = ${r.latexFormula} & ${formatNumberLatex(r.value)} & ${partials} & ${oneInput ? `${formatNumberLatex(r.tangent ?? NaN)} & ` : ""}${formatNumberLatex(r.adjoint)}`;
    });
    const result = this.inputNames(true)
      .map((name, k) => `\\frac{\\partial f}{\\partial ${name}} = ${formatNumberLatex(this.gradient[k])}`)
      .join(",\\quad ");
    return `$$\\begin{array}{l${oneInput ? "llll" : "lll"}} ${header} \\\\ \\hline ${[...inputs, ...lines].join(" \\\\ ")} \\end{array}$$\n$$f = ${formatNumberLatex(this.value)},\\quad ${result}$$`;
  }

  toHTML(): string {
    const oneInput = this.inputs.length === 1;
    const th = ["variable", "value", "local partials", ...(oneInput ? ["tangent v̇ (forward)"] : []), "adjoint v̄ (reverse)"];
    const inputRows = this.inputNames(false).map(
      (name, k) => `<tr><td>${name}</td><td>${formatNumber(this.inputs[k])}</td><td></td>${oneInput ? "<td>1</td>" : ""}<td>${formatNumber(this.gradient[k])}</td></tr>`,
    );
    const rows = this.rows.map((r) => {
      const partials = r.partials.map((p) => `∂${r.name}/∂${p.wrt} = ${formatNumber(p.value)}`).join(", ");
      return `<tr><td>${xml(`${r.name} = ${r.formula}`)}</td><td>${formatNumber(r.value)}</td><td>${xml(partials)}</td>${oneInput ? `<td>${formatNumber(r.tangent ?? NaN)}</td>` : ""}<td>${formatNumber(r.adjoint)}</td></tr>`;
    });
    const result = this.inputNames(false).map((name, k) => `∂f/∂${name} = ${formatNumber(this.gradient[k])}`).join(", ");
    return `<table class="nabla-derivation" style="font-family:monospace"><tr>${th.map((h) => `<th>${xml(h)}</th>`).join("")}</tr>${[...inputRows, ...rows].join("")}</table><div style="font-family:sans-serif">f = ${formatNumber(this.value)}; ${xml(result)}</div>`;
  }

  /**
   * The trace as text (what a console shows): a header, the inputs, each intermediate with its
   * value, its forward tangent (one input) and its reverse adjoint, then f and ∂f/∂ each input,
   * as the HTML table ends.
   */
  toString(): string {
    const oneInput = this.inputs.length === 1;
    const row = (name: string, value: string, tangent: string, adjoint: string): string =>
      `${name.padEnd(24)} ${value.padStart(12)}${oneInput ? ` ${tangent.padStart(12)}` : ""} ${adjoint.padStart(12)}`.trimEnd();
    const header = row("variable", "value", "tangent", "adjoint");
    const inputs = this.inputNames(false).map((name, k) => row(name, formatNumber(this.inputs[k]), "1", formatNumber(this.gradient[k])));
    const lines = this.rows.map((r) => row(`${r.name} = ${r.formula}`, formatNumber(r.value), formatNumber(r.tangent ?? NaN), formatNumber(r.adjoint)));
    const result = this.inputNames(false).map((name, k) => `∂f/∂${name} = ${formatNumber(this.gradient[k])}`).join(", ");
    return [header, ...inputs, ...lines, `f = ${formatNumber(this.value)}; ${result}`].join("\n");
  }

  [Symbol.for("Jupyter.display")](): Record<string, string> {
    return { "text/plain": this.toString(), "text/html": this.toHTML(), "text/latex": this.toLatex() };
  }
}
