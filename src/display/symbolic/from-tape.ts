import type { Tape } from "../../reverse/tape";
import { NodeKind } from "../../reverse/tape";
import type { Expr, ExprBuilder } from "./expr";

type Build = (s: ExprBuilder, a: Expr, b: Expr) => Expr;

/**
 * How each traced primitive reads as a formula. Functions with a textbook spelling in terms
 * of others are spelled so (log1p(x) = ln(1 + x), hypot(a, b) = √(a² + b²)); the rest are
 * named calls the printer knows.
 */
const PRIMITIVES: Record<string, Build> = {
  add: (s, a, b) => s.add(a, b),
  sub: (s, a, b) => s.sub(a, b),
  mul: (s, a, b) => s.mul(a, b),
  div: (s, a, b) => s.div(a, b),
  neg: (s, a) => s.neg(a),
  pow: (s, a, b) => s.pow(a, b),
  sqrt: (s, a) => s.call("sqrt", [a]),
  expm1: (s, a) => s.sub(s.call("exp", [a]), s.num(1)),
  log1p: (s, a) => s.call("log", [s.add(s.num(1), a)]),
  hypot: (s, a, b) => s.call("sqrt", [s.add(s.pow(a, s.num(2)), s.pow(b, s.num(2)))]),
  softplus: (s, a) => s.call("log", [s.add(s.num(1), s.call("exp", [a]))]),
  relu: (s, a) => s.call("max", [s.num(0), a]),
  fround: (_s, a) => a,
};
const UNARY_CALLS = [
  "exp", "log", "log2", "log10", "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh", "acosh",
  "atanh", "cbrt", "abs", "sign", "floor", "ceil", "round", "trunc", "sigmoid", "erf", "erfc",
];
const BINARY_CALLS = ["atan2", "max", "min", "mod"];
for (const name of UNARY_CALLS) PRIMITIVES[name] = (s, a) => s.call(name, [a]);
for (const name of BINARY_CALLS) PRIMITIVES[name] = (s, a, b) => s.call(name, [a, b]);

/**
 * Reads the expressions of tape nodes back from a tape that kept a trace. Leaves are the
 * given symbols; every other node must be a traced scalar operation.
 */
export class TapeReader {
  private readonly memo: (Expr | undefined)[] = [];

  constructor(
    private readonly tape: Tape,
    private readonly builder: ExprBuilder,
    leaves: Map<number, Expr>,
  ) {
    for (const [index, e] of leaves) this.memo[index] = e;
  }

  /** The expression of node `index` (iterative, so long traces cannot overflow the stack). */
  expressionOf(index: number): Expr {
    const { tape, memo } = this;
    const stack = [index];
    while (stack.length > 0) {
      const i = stack[stack.length - 1];
      if (memo[i] !== undefined) {
        stack.pop();
        continue;
      }
      const kind = tape.kind[i];
      const entry = tape.trace?.[i];
      if (kind === NodeKind.Leaf || kind === NodeKind.Pullback || !entry) {
        throw new Error("latex: f used an operation that cannot be written as a scalar formula (a tensor operation such as matmul or sum, or a variable from outside f); write f with its elements — x[0] * x[1], loops over x.length — to see its formulas");
      }
      const pa = tape.parentA[i];
      const pb = kind === NodeKind.Binary ? tape.parentB[i] : -2;
      const pending = [pa, pb].filter((p) => p >= 0 && memo[p] === undefined);
      if (pending.length > 0) {
        stack.push(...pending.reverse()); // the first operand is read first, as it was computed
        continue;
      }
      stack.pop();
      const operand = (p: number, constant: number | undefined): Expr => (p >= 0 ? (memo[p] as Expr) : this.builder.num(constant ?? NaN));
      const a = operand(pa, entry.constA);
      const b = kind === NodeKind.Binary ? operand(pb, entry.constB) : a;
      const build = PRIMITIVES[entry.name];
      if (!build) throw new Error(`latex: no formula for the operation ${entry.name}`);
      memo[i] = build(this.builder, a, b);
    }
    return memo[index] as Expr;
  }
}
