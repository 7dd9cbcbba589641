import type { Expr, Power } from "./expr";
import { childrenOf } from "./expr";

/*
 * Expressions as LaTeX, the way they are written by hand: 2 x \cos\left(x^{2}\right),
 * \frac{1}{1 + x^{2}}, e^{-x^{2}}. Every string parses with KaTeX and with a LaTeX
 * reader such as the compute engine the tests evaluate it with.
 */

/** LaTeX of a number: integers as they are, simple fractions and multiples of π as such. */
export function numberLatex(v: number): string {
  if (Number.isNaN(v)) return "\\text{NaN}";
  if (!Number.isFinite(v)) return v > 0 ? "\\infty" : "-\\infty";
  if (v < 0 || Object.is(v, -0)) return `-${numberLatex(-v)}`;
  if (Number.isInteger(v) && v < 1e15) return String(v);
  for (const [c, name] of CONSTANTS) if (close(v, c)) return name;
  const piFraction = fraction(v / Math.PI);
  if (piFraction) return piFraction[1] === 1 ? `${piFraction[0]}\\pi` : `\\frac{${piFraction[0] === 1 ? "" : piFraction[0]}\\pi}{${piFraction[1]}}`;
  const f = fraction(v);
  if (f) return `\\frac{${f[0]}}{${f[1]}}`;
  // x/(2π), x/ln 2: a constant divided by is written so, not as 0.159154943092.
  for (const [c, name] of CONSTANTS) if (close(1 / v, c)) return `\\frac{1}{${name}}`;
  const overPi = fraction(1 / v / Math.PI);
  if (overPi) return `\\frac{${overPi[1]}}{${overPi[0] === 1 ? "" : overPi[0]}\\pi}`;
  const multipleOf = constantMultiple(v);
  if (multipleOf) return multipleOf[1] ? `\\frac{${multipleOf[0] || "1"}}{${multipleOf[1]}}` : multipleOf[0];
  const s = String(Number(v.toPrecision(12)));
  const m = /^(.*)e([+-]\d+)$/.exec(s);
  return m ? `${m[1]} \\times 10^{${Number(m[2])}}` : s;
}

const CONSTANTS: [number, string][] = [
  [Math.PI, "\\pi"], [Math.E, "e"], [Math.LN2, "\\ln\\left(2\\right)"], [Math.LN10, "\\ln\\left(10\\right)"], [Math.SQRT2, "\\sqrt{2}"],
];

function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-14 * Math.abs(b);
}

/** [p, q] with v = p/q for a small denominator q, or null. (100 covers x/3 + x/7 = 10x/21.) */
function fraction(v: number): [number, number] | null {
  for (let q = 1; q <= 100; q++) {
    const p = Math.round(v * q);
    if (p !== 0 && p < 1e6 && close(v * q, p)) return [p, q];
  }
  return null;
}

/** Functions whose powers are written on the name: \\sin^{2}(x). */
const TRIG = new Set(["sin", "cos", "tan", "sinh", "cosh", "tanh"]);

/** How a LatexPrinter writes what could be read two ways. */
export interface PrintOptions {
  /**
   * exp(a) as \exp\left(a\right), not e^{a}: for formulas in which a variable is named e,
   * where e^{e} would read as Euler's number to its own power.
   */
  readonly expAsFunction?: boolean;
}

/** Prints expressions, writing the named subexpressions (common subexpressions) by name. */
export class LatexPrinter {
  constructor(
    private readonly names: Map<Expr, string> = new Map(),
    private readonly options: PrintOptions = {},
  ) {}

  /** e in full at the top (even if it has a name itself), its named parts by name. */
  print(e: Expr): string {
    return this.expr(e, true);
  }

  private expr(e: Expr, top = false): string {
    const name = top ? undefined : this.names.get(e);
    if (name !== undefined) return name;
    switch (e.kind) {
      case "num":
        return numberLatex(e.value);
      case "sym":
        return e.latex;
      case "sum":
        return this.sum(e.terms);
      case "product":
        return this.product(e.coefficient, e.factors);
      case "power":
        // A power written out as a one-factor product (so x⁻¹ reads 1/x), under its own name only when not at the top.
        return this.product(1, [e], top ? e : undefined);
      case "call":
        return this.call(e.name, e.args);
    }
  }

  private sum(terms: readonly Expr[]): string {
    // The constant term goes last, as a polynomial is written.
    const ordered = [...terms.filter((t) => t.kind !== "num"), ...terms.filter((t) => t.kind === "num")];
    // Lead with a positive term where there is one: 1 - x, not -x + 1.
    const positive = ordered.findIndex((t) => !isNegative(t));
    if (positive > 0) ordered.unshift(...ordered.splice(positive, 1));
    let out = "";
    ordered.forEach((t, i) => {
      const s = this.expr(t);
      if (i === 0) out = s;
      else if (s.startsWith("-")) out += ` - ${s.slice(1)}`;
      else out += ` + ${s}`;
    });
    return out;
  }

  /** c · Π factors as one fraction: negative powers go to the denominator. */
  private product(c: number, factors: readonly Expr[], self?: Expr): string {
    const top: string[] = [];
    const below: [Expr, number][] = [];
    for (const f of orderFactors(factors)) {
      const named = f === self ? undefined : this.names.get(f);
      if (named !== undefined) top.push(named);
      else if (f.kind === "power" && f.exponent.kind === "num" && f.exponent.value < 0) below.push([f.base, -f.exponent.value]);
      else if (f.kind === "power") top.push(this.powerExpr(f));
      else top.push(this.factor(f));
    }
    // A lone denominator needs no parentheses: \frac{1}{x + 1}.
    const bottom = below.length === 1 && below[0][1] === 1 && !needsDenominatorCoefficient(c) ? [this.expr(below[0][0])] : below.map(([b, n]) => this.power(b, n));
    const sign = c < 0 ? "-" : "";
    const [coefficient, under] = coefficientParts(Math.abs(c));
    // Over a fraction bar a lone sum needs no parentheses: \frac{x + 1}{2}.
    if (!coefficient && top.length === 1 && (bottom.length > 0 || under)) top[0] = top[0].replace(/^\\left\((.*)\\right\)$/s, "$1");
    const numerator = joinFactors(coefficient ? [coefficient, ...top] : top);
    if (bottom.length === 0 && !under) return sign + (numerator || "1");
    const denominator = joinFactors(under ? [under, ...bottom] : bottom);
    return `${sign}\\frac{${numerator || "1"}}{${denominator}}`;
  }

  /** A factor of a product: sums in parentheses. */
  private factor(f: Expr): string {
    const s = this.expr(f);
    if (f.kind === "sum" && !this.names.has(f)) return `\\left(${s}\\right)`;
    if (f.kind === "product" && !this.names.has(f)) return `\\left(${s}\\right)`;
    return s;
  }

  private powerExpr(p: Power): string {
    if (p.exponent.kind === "num") return this.power(p.base, p.exponent.value);
    return `${this.base(p.base)}^{${this.expr(p.exponent)}}`;
  }

  /** base^n for a positive number n; ½ and ⅓ as roots. */
  private power(base: Expr, n: number): string {
    if (n === 1) return this.factor(base);
    if (n === 0.5) return `\\sqrt{${this.expr(base)}}`;
    if (close(n, 1 / 3)) return `\\sqrt[3]{${this.expr(base)}}`;
    // sin⁴(x⁴), as the textbook writes a power of a trigonometric or hyperbolic function.
    if (base.kind === "call" && TRIG.has(base.name) && Number.isInteger(n) && n > 1 && !this.names.has(base)) {
      return `\\${base.name}^{${n}}\\left(${this.expr(base.args[0])}\\right)`;
    }
    return `${this.base(base)}^{${numberLatex(n)}}`;
  }

  /**
   * The base of a power: anything but a symbol, a named part or a number written as one
   * token (2, 0.5, \pi, e) in parentheses. \frac{3}{2}^{x} would read as 3/2ˣ to the eye, and
   * 3 \times 10^{-9}^{x} is a double superscript TeX rejects.
   */
  private base(b: Expr): string {
    const s = this.expr(b);
    if (this.names.has(b) || b.kind === "sym" || (b.kind === "num" && /^(?:\d+(?:\.\d+)?|\\pi|e)$/.test(s))) return s;
    return `\\left(${s}\\right)`;
  }

  private call(name: string, args: readonly Expr[]): string {
    const a = args.map((x) => this.expr(x));
    const arg = (i = 0): string => `\\left(${a[i]}\\right)`;
    switch (name) {
      case "exp":
        return this.options.expAsFunction ? `\\exp${arg()}` : `e^{${a[0]}}`;
      case "log":
        return `\\ln${arg()}`;
      case "log2":
        return `\\log_{2}${arg()}`;
      case "log10":
        return `\\log_{10}${arg()}`;
      case "sqrt":
        return `\\sqrt{${a[0]}}`;
      case "cbrt":
        return `\\sqrt[3]{${a[0]}}`;
      case "abs":
        return `\\left|${a[0]}\\right|`;
      case "sign":
        return `\\operatorname{sgn}${arg()}`;
      case "floor":
        return `\\left\\lfloor ${a[0]}\\right\\rfloor`;
      case "ceil":
        return `\\left\\lceil ${a[0]}\\right\\rceil`;
      case "sigmoid":
        return `\\sigma${arg()}`;
      case "mod":
        // JavaScript's %: the remainder with the sign of a (−0.7 % 2 is −0.7), where a mod b
        // would read 1.3. The display defines rem.
        return `\\operatorname{rem}\\left(${a[0]}, ${a[1]}\\right)`;
      case "max":
      case "min":
        return `\\${name}\\left(${a.join(", ")}\\right)`;
      case "asin":
      case "acos":
      case "atan":
        return `\\arc${name.slice(1)}${arg()}`;
      case "sin":
      case "cos":
      case "tan":
      case "sinh":
      case "cosh":
      case "tanh":
        return `\\${name}${arg()}`;
      default:
        return `\\operatorname{${name}}\\left(${a.join(", ")}\\right)`;
    }
  }
}

/** Whether part of |c| goes below the fraction bar (q of p/q, 2π of 1/(2π)). */
function needsDenominatorCoefficient(c: number): boolean {
  return coefficientParts(Math.abs(c))[1] !== "";
}

/**
 * A positive coefficient as what goes above and below the fraction bar ("" for nothing):
 * 3/2 → [3, 2], 1/(2π) → ["", 2\pi], 1/ln 2 → ["", \ln(2)], π → [\pi, ""], and a fraction of
 * a constant split over the bar, π/2 → [\pi, 2], 2/ln 2 → [2, \ln(2)], so π/(2√x) is not
 * written with a fraction inside a fraction, nor 2 ln 2/x³ as 1.38629436112/x³.
 */
function coefficientParts(m: number): [string, string] {
  if (m === 1) return ["", ""];
  const f = fraction(m);
  if (f) return [f[0] === 1 ? "" : String(f[0]), f[1] === 1 ? "" : String(f[1])];
  for (const [c, name] of CONSTANTS) if (close(1 / m, c)) return ["", name];
  const overPi = fraction(1 / m / Math.PI);
  if (overPi) return [overPi[1] === 1 ? "" : String(overPi[1]), `${overPi[0] === 1 ? "" : overPi[0]}\\pi`];
  return constantMultiple(m) ?? [numberLatex(m), ""];
}

/** m as p·c/q or q/(p·c) for a named constant c (π, e, ln 2, ln 10, √2): above and below the bar; null if it is neither. */
function constantMultiple(m: number): [string, string] | null {
  const integer = (k: number): string => (k === 1 ? "" : String(k));
  for (const [c, name] of CONSTANTS) {
    const times = fraction(m / c);
    if (times) return [multiple(times[0], name), integer(times[1])];
  }
  for (const [c, name] of CONSTANTS) {
    const over = fraction(1 / (m * c));
    if (over) return [integer(over[1]), multiple(over[0], name)];
  }
  return null;
}

/** k·c for a named constant: \pi, 2\pi, 2 \ln\left(2\right), 3 e. */
function multiple(k: number, name: string): string {
  if (k === 1) return name;
  return name === "\\pi" ? `${k}\\pi` : `${k} ${name}`;
}

function isNegative(t: Expr): boolean {
  return (t.kind === "num" && t.value < 0) || (t.kind === "product" && t.coefficient < 0);
}

/** Symbols (and their powers) first, in the order of the variables (x²y, not yx²), then the rest as computed. */
function orderFactors(factors: readonly Expr[]): Expr[] {
  const symbolOf = (f: Expr): Expr | null => (f.kind === "sym" ? f : f.kind === "power" && f.base.kind === "sym" ? f.base : null);
  const key = (f: Expr): [number, number] => {
    const s = symbolOf(f);
    return s ? [0, s.id] : [1, f.id];
  };
  return [...factors].sort((a, b) => {
    const [ra, ia] = key(a);
    const [rb, ib] = key(b);
    return ra - rb || ia - ib;
  });
}

/** Juxtaposition, with a \cdot where two numbers would otherwise run together. */
function joinFactors(parts: string[]): string {
  let out = "";
  let previous = "";
  for (const p of parts) {
    if (out === "") out = p;
    // A symbol right before a parenthesis would read as a function call, p(…), also after a
    // coefficient (2 e (x + 1) reads as 2·e(x + 1)): use a dot.
    else if (/^[0-9.]/.test(p) || /^-/.test(p) || (p.startsWith("\\left(") && SYMBOL.test(previous.split(" ").pop() as string))) out += ` \\cdot ${p}`;
    else out += ` ${p}`;
    previous = p;
  }
  return out;
}

/** A lone symbol as printed: x, \\theta, x_{1}, u. */
const SYMBOL = /^(?:[A-Za-z]|\\[A-Za-z]+|\\mathit\{[^}]*\})(?:_\{[^}]*\})?$/;

/**
 * About how wide e looks when printed (a command such as \\theta counts as one character),
 * with the named expressions as one character each. Computed from the children, not by
 * printing, so it stays linear in the size of the formulas.
 */
function looks(e: Expr, named: ReadonlySet<Expr>, memo: Map<Expr, number>): number {
  if (named.has(e)) return 1;
  const known = memo.get(e);
  if (known !== undefined) return known;
  const parts = childrenOf(e).reduce((sum, c) => sum + looks(c, named, memo), 0);
  const k = childrenOf(e).length;
  let width: number;
  switch (e.kind) {
    case "num":
      width = numberLatex(e.value).replace(/\\[a-zA-Z]+|[{}]/g, "c").length;
      break;
    case "sym":
      width = e.latex.replace(/\\[a-zA-Z]+/g, "c").replace(/[{}]/g, "").length;
      break;
    case "sum":
      width = parts + 3 * (k - 1);
      break;
    case "product":
      width = parts + (k - 1) + (e.coefficient === 1 ? 0 : e.coefficient === -1 ? 1 : 2);
      break;
    case "power":
      width = parts;
      break;
    case "call":
      width = parts + 3;
      break;
  }
  memo.set(e, width);
  return width;
}

/**
 * The repeated subexpressions worth a name: each occurs at least twice in the formulas as
 * written out and is wide enough that a name shortens them. The one that saves most goes
 * first; then everything is counted again with it as one symbol, so its parts count once per
 * use of the name, and a parent made short by it (√u) is no longer worth a name.
 */
export function commonSubexpressions(roots: readonly Expr[], minWidth = 9): Expr[] {
  const named: Expr[] = [];
  const isNamed = new Set<Expr>();
  for (;;) {
    const occurrences = countOccurrences(roots, named, isNamed);
    const widths = new Map<Expr, number>();
    let best: Expr | null = null;
    let bestSaving = 0;
    for (const [e, count] of occurrences) {
      if (count < 2 || isNamed.has(e) || e.kind === "num" || e.kind === "sym") continue;
      const width = looks(e, isNamed, widths);
      if (width < minWidth) continue;
      const saving = (count - 1) * (width - 1);
      // Worth a line of its own only if it saves a good deal of reading.
      if (saving < 12) continue;
      if (saving > bestSaving || (saving === bestSaving && best !== null && e.id < best.id)) {
        best = e;
        bestSaving = saving;
      }
    }
    if (!best) return named.sort((a, b) => a.id - b.id);
    named.push(best);
    isNamed.add(best);
  }
}

/**
 * How many times each subexpression is written out: roots once, each named expression's
 * definition once, everything else as often as its parents are written out.
 */
function countOccurrences(roots: readonly Expr[], named: readonly Expr[], isNamed: ReadonlySet<Expr>): Map<Expr, number> {
  // Reverse post-order of a depth-first walk: parents before children.
  const order: Expr[] = [];
  const seen = new Set<Expr>();
  for (const r of [...roots, ...named]) {
    if (seen.has(r)) continue;
    seen.add(r);
    const stack: [Expr, number][] = [[r, 0]];
    while (stack.length) {
      const top = stack[stack.length - 1];
      const children = childrenOf(top[0]);
      if (top[1] < children.length) {
        const c = children[top[1]++];
        if (!seen.has(c)) {
          seen.add(c);
          stack.push([c, 0]);
        }
      } else {
        stack.pop();
        order.push(top[0]);
      }
    }
  }
  const counts = new Map<Expr, number>();
  for (const r of roots) counts.set(r, (counts.get(r) ?? 0) + 1);
  for (let i = order.length - 1; i >= 0; i--) {
    const e = order[i];
    const expand = isNamed.has(e) ? 1 : (counts.get(e) ?? 0);
    for (const c of childrenOf(e)) counts.set(c, (counts.get(c) ?? 0) + expand);
  }
  return counts;
}
