/*
 * Symbolic expressions for printing formulas (latex(f)). Not a computer algebra system:
 * just enough normalisation that a traced derivative reads like one written by hand —
 * constants folded, no 1·x, x + 0, x¹ or double negatives, like terms and like factors
 * combined. Expressions are hash-consed by an ExprBuilder, so two equal subexpressions are
 * the same object: that is what lets the printer find repeated subexpressions and name them.
 */

export type Expr = Num | Sym | Sum | Product | Power | Call;

interface Node {
  /** Creation order: earlier subexpressions print first, as the user wrote them. */
  readonly id: number;
}
export interface Num extends Node {
  readonly kind: "num";
  readonly value: number;
}
export interface Sym extends Node {
  readonly kind: "sym";
  readonly name: string;
  readonly latex: string;
}
/** A sum of at least two terms; no term is itself a Sum; at most one term is a Num. */
export interface Sum extends Node {
  readonly kind: "sum";
  readonly terms: readonly Expr[];
}
/** coefficient · Π factors, with coefficient ∉ {0} and no factor a Num or a Product. */
export interface Product extends Node {
  readonly kind: "product";
  readonly coefficient: number;
  readonly factors: readonly Expr[];
}
export interface Power extends Node {
  readonly kind: "power";
  readonly base: Expr;
  readonly exponent: Expr;
}
/** A named function (sin, exp, log, max, …) applied to its arguments. */
export interface Call extends Node {
  readonly kind: "call";
  readonly name: string;
  readonly args: readonly Expr[];
}

/** Functions whose value at an exact argument is folded when the result is exact too. */
const FOLDABLE: Record<string, (...a: number[]) => number> = {
  exp: Math.exp, log: Math.log, sin: Math.sin, cos: Math.cos, tan: Math.tan, sqrt: Math.sqrt, cbrt: Math.cbrt,
  sinh: Math.sinh, cosh: Math.cosh, tanh: Math.tanh, abs: Math.abs, sign: Math.sign, atan: Math.atan, asin: Math.asin,
  max: Math.max, min: Math.min, log2: Math.log2, log10: Math.log10,
};

/** Builds canonical, hash-consed expressions; one builder per formula set. */
export class ExprBuilder {
  private readonly table = new Map<string, Expr>();
  private nextId = 0;

  private intern<E extends Expr>(key: string, make: (id: number) => E): E {
    const found = this.table.get(key);
    if (found) return found as E;
    const e = make(this.nextId++);
    this.table.set(key, e);
    return e;
  }

  num(value: number): Num {
    // −0 is its own number: x/−0 is −∞ for x > 0 and must not print as x/0. Elsewhere it
    // vanishes by itself (x + −0 and x·−0 fold, as sums and products drop zeros).
    return this.intern(Object.is(value, -0) ? "n-0" : `n${value}`, (id) => ({ kind: "num", id, value }));
  }

  sym(name: string, latex: string): Sym {
    return this.intern(`y${name}`, (id) => ({ kind: "sym", id, name, latex }));
  }

  add(a: Expr, b: Expr): Expr {
    return this.sum([a, b]);
  }

  sub(a: Expr, b: Expr): Expr {
    return this.sum([a, this.neg(b)]);
  }

  neg(a: Expr): Expr {
    return this.scale(-1, a);
  }

  mul(a: Expr, b: Expr): Expr {
    return this.product(1, [a, b]);
  }

  div(a: Expr, b: Expr): Expr {
    // x/0 stays a division: folded to ∞·x it would read as a function of x (x/0 is ±∞ or
    // NaN, by the sign of x). A constant over 0 is the number JavaScript computes.
    if (b.kind === "num" && (b.value !== 0 || a.kind === "num")) return a.kind === "num" ? this.num(a.value / b.value) : this.scale(1 / b.value, a);
    return this.product(1, [a, this.pow(b, this.num(-1))]);
  }

  /** c · a. */
  scale(c: number, a: Expr): Expr {
    return this.product(c, [a]);
  }

  pow(base: Expr, exponent: Expr): Expr {
    if (exponent.kind === "num") {
      const n = exponent.value;
      if (n === 0) return this.num(1);
      if (n === 1) return base;
      // 0⁻¹ is not folded to ∞: it is how x/0 is written (see div).
      if (base.kind === "num" && !(base.value === 0 && n < 0)) return this.num(base.value ** n);
      // (xᵐ)ⁿ = xᵐⁿ holds for every x only when n is an integer.
      if (base.kind === "power" && Number.isInteger(n)) return this.pow(base.base, this.scale(n, base.exponent));
      // (e^a)ⁿ = e^{na}.
      if (base.kind === "call" && base.name === "exp" && Number.isInteger(n)) return this.call("exp", [this.scale(n, base.args[0])]);
      // (√a)²ᵏ = aᵏ wherever √a is defined (a ≥ 0), which is where f was evaluated.
      if (base.kind === "call" && base.name === "sqrt" && Number.isInteger(n) && n % 2 === 0) return this.pow(base.args[0], this.num(n / 2));
      if (base.kind === "product" && Number.isInteger(n)) {
        return this.product(base.coefficient ** n, base.factors.map((f) => this.pow(f, exponent)));
      }
    }
    if (base.kind === "num" && base.value === 1) return base;
    return this.intern(`w${base.id},${exponent.id}`, (id) => ({ kind: "power", id, base, exponent }));
  }

  call(name: string, args: Expr[]): Expr {
    const fold = FOLDABLE[name];
    if (fold && args.every((a) => a.kind === "num")) {
      const v = fold(...args.map((a) => (a as Num).value));
      if (Number.isInteger(v)) return this.num(v);
    }
    if (args.length === 1) {
      const a = args[0];
      // ln(e^a) = a and e^{ln a} = a (where the latter is defined, which is where f was).
      if (name === "log" && a.kind === "call" && a.name === "exp") return a.args[0];
      if (name === "exp" && a.kind === "call" && a.name === "log") return a.args[0];
      // Odd functions pull a minus sign out: sin(−x) = −sin x.
      if (ODD.has(name) && a.kind === "product" && a.coefficient < 0) return this.neg(this.call(name, [this.scale(-1, a)]));
      if (EVEN.has(name) && a.kind === "product" && a.coefficient < 0) return this.call(name, [this.scale(-1, a)]);
    }
    return this.intern(`c${name}(${args.map((a) => a.id).join(",")})`, (id) => ({ kind: "call", id, name, args }));
  }

  /** A sum with like terms combined (2x + 3x = 5x) and constants folded. */
  sum(items: Expr[]): Expr {
    const coefficients = new Map<Expr, number>();
    let constant = 0;
    const addTerm = (t: Expr, scale: number): void => {
      if (t.kind === "num") constant += scale * t.value;
      else if (t.kind === "sum") for (const u of t.terms) addTerm(u, scale);
      else {
        const [c, rest] = this.splitCoefficient(t);
        // c·(a + b) as a term is c·a + c·b: x − (y − x) is 2x − y, not a nested sum.
        if (rest.kind === "sum") addTerm(rest, scale * c);
        else coefficients.set(rest, (coefficients.get(rest) ?? 0) + scale * c);
      }
    };
    for (const t of items) addTerm(t, 1);
    const terms: Expr[] = [];
    for (const [rest, c] of coefficients) if (c !== 0) terms.push(this.scale(c, rest));
    if (constant !== 0 || Number.isNaN(constant)) terms.push(this.num(constant));
    if (terms.length === 0) return this.num(0);
    if (terms.length === 1) return terms[0];
    terms.sort((a, b) => a.id - b.id);
    return this.intern(`s${terms.map((t) => t.id).join(",")}`, (id) => ({ kind: "sum", id, terms }));
  }

  /** A product with like factors combined (x·x = x²) and the numeric coefficient in front. */
  product(coefficient: number, items: Expr[]): Expr {
    const exponents = new Map<Expr, Expr[]>();
    let c = coefficient;
    const addFactor = (f: Expr): void => {
      if (f.kind === "num") c *= f.value;
      else if (f.kind === "product") {
        c *= f.coefficient;
        for (const g of f.factors) addFactor(g);
      } else {
        const [base, exponent] = f.kind === "power" ? [f.base, f.exponent] : [f, this.num(1)];
        const list = exponents.get(base);
        if (list) list.push(exponent);
        else exponents.set(base, [exponent]);
      }
    };
    for (const f of items) addFactor(f);
    if (c === 0) return this.num(0);
    const factors: Expr[] = [];
    for (const [base, list] of exponents) {
      const f = this.pow(base, list.length === 1 ? list[0] : this.sum(list));
      if (f.kind === "num") c *= f.value;
      else if (f.kind === "product") {
        c *= f.coefficient;
        factors.push(...f.factors);
      } else factors.push(f);
    }
    // e^a·e^b = e^{a + b}: exp(x)/exp(x) reads 1, not e^{x} e^{-x}.
    const exps = factors.filter((f): f is Call => f.kind === "call" && f.name === "exp");
    if (exps.length > 1) {
      const merged = this.call("exp", [this.sum(exps.map((f) => f.args[0]))]);
      return this.product(c, [...factors.filter((f) => !(f.kind === "call" && f.name === "exp")), merged]);
    }
    if (factors.length === 0) return this.num(c);
    if (factors.length === 1 && c === 1) return factors[0];
    factors.sort((a, b) => a.id - b.id);
    return this.intern(`p${c}:${factors.map((f) => f.id).join(",")}`, (id) => ({ kind: "product", id, coefficient: c, factors }));
  }

  /** A term as coefficient · rest (3x → [3, x]; x → [1, x]). */
  private splitCoefficient(t: Expr): [number, Expr] {
    if (t.kind !== "product") return [1, t];
    return [t.coefficient, this.product(1, t.factors as Expr[])];
  }
}

const ODD = new Set(["sin", "tan", "sinh", "tanh", "asin", "atan", "asinh", "atanh", "cbrt", "sign"]);
const EVEN = new Set(["cos", "cosh", "abs"]);

/** The subexpressions of e (its direct children). */
export function childrenOf(e: Expr): readonly Expr[] {
  switch (e.kind) {
    case "sum":
      return e.terms;
    case "product":
      return e.factors;
    case "power":
      return [e.base, e.exponent];
    case "call":
      return e.args;
    default:
      return [];
  }
}
