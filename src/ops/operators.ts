import { branch } from "../core/branches";
import type { Value } from "../core/value";
import { isAD, isValue, primalOf } from "../core/value";
import { binaryOp, binaryOperator, unaryOperator } from "../core/elementwise";
import * as arithmetic from "./arithmetic";
import { pow } from "./scalar";
import { modRule } from "../rules/mod";
import { addRule } from "../rules/add";
import { subRule } from "../rules/sub";
import { mulRule } from "../rules/mul";
import { divRule } from "../rules/div";
import { negRule } from "../rules/neg";
import { powRule } from "../rules/pow";
import { DerivativeLostError } from "../errors";
import { Tensor } from "../tensor/tensor";
import { describe, isNumberTypedArray } from "../api/containers";
import { fusion } from "./fusion";

/*
 * JavaScript's operators for a Nabla cell: the cell transform turns `a * b` into
 * `mul(a, b)` with these functions. Numbers take the first branch (the plain operator, so
 * numeric loops keep their speed); runtime values (dual numbers, tape variables, tensors)
 * get differentiable, broadcasting arithmetic; everything else — strings, bigints, null,
 * objects with valueOf — keeps exactly JavaScript's meaning.
 */

const modOp = binaryOp(modRule);

/** A runtime value next to a string reads as text (`"x = " + x`), not a lost derivative. */
function text(a: unknown, b: unknown): string {
  return `${String(a)}${String(b)}`;
}

/**
 * An array holding dual numbers or tape variables (an array argument inside grad or jacfwd)
 * under `*`, `-`, …: JavaScript would join it into text and compute NaN, dropping every
 * entry's derivative without a word. Arrays of plain numbers keep JavaScript's meaning.
 */
function assertNoADArray(a: unknown, b: unknown, op: string): void {
  for (const x of [a, b]) {
    if (Array.isArray(x) && (x as unknown[]).flat(Infinity).some(isAD)) {
      throw new DerivativeLostError(
        `operator ${op}: an array of differentiable values would be converted to text by JavaScript, which drops their derivatives; ` +
          `operators work on numbers and tensors — use tensor(x) ${op} …, the runtime's functions (mul(x, 2), sum(x)) or x.map(…)`,
      );
    }
  }
}

/**
 * A tensor next to an array under `+`, `-`, `*`, `/`, `%` or `**` (`A * [1, 2]`, `A + [[1], [2]]`):
 * JavaScript would turn both into text and give NaN (or join them under +), silently. The
 * array is read as a tensor, as the runtime's functions read it (`mul(A, [1, 2])`, NumPy's
 * `A * [1, 2]`), and `fn` computes the broadcast result. A dual number or tape variable
 * holding a number next to an array is an error saying what to write: with a plain number
 * the same code is JavaScript's NaN, so a tensor only under differentiation would be a
 * different program. Returns undefined when neither applies.
 */
function withArrayOperand(a: unknown, b: unknown, op: string, fn: (a: Value, b: Value) => Value): Value | undefined {
  const aArray = isArrayOperand(a);
  const bArray = isArrayOperand(b);
  if (aArray === bArray) return undefined;
  const other = aArray ? b : a;
  if (other instanceof Tensor || (isAD(other) && primalOf(other) instanceof Tensor)) return fn(a as Value, b as Value);
  if (isAD(other)) {
    throw new DerivativeLostError(
      `operator ${op}: a differentiable number and an array; JavaScript would convert both to text and give NaN, dropping the derivative — ` +
        `for elementwise arithmetic make the array a tensor (tensor([1, 2]) ${op} x), or use xs.map((v) => v ${op} x)`,
    );
  }
  return undefined;
}

/**
 * A dual number, tape variable or tensor next to undefined, null, a boolean, a bigint, a
 * function or a plain object (`A + b` with b not yet assigned): JavaScript turned the tensor
 * into text (`"Tensor 2×2 …undefined"`) or threw DerivativeLostError about the dual number, when
 * the mistake is the other operand. Strings (`"loss " + x`) and arrays are handled before.
 */
function assertArithmetic(a: unknown, b: unknown, op: string): void {
  const runtime = (x: unknown) => typeof x !== "number" && isValue(x);
  if (runtime(a) === runtime(b)) return;
  const other = runtime(a) ? b : a;
  if (typeof other === "number" || typeof other === "string" || isArrayOperand(other)) return;
  const value = (runtime(a) ? a : b) as Value;
  const p = primalOf(value);
  const what = p instanceof Tensor ? `a tensor of shape (${p.shape.join("×")})` : isAD(value) ? "a differentiable number" : "a value";
  throw new TypeError(`operator ${op}: ${what} and ${describe(other)}; arithmetic needs numbers, tensors or arrays of numbers${hint(other)}`);
}

function hint(other: unknown): string {
  if (other === undefined) return " (is a variable not yet assigned, or an entry read past the end?)";
  // x * (x > 0) on a plain number is JavaScript's 0 or x; on a tensor use where, relu or maximum.
  if (typeof other === "boolean") return "; for the number of a condition write Number(c), or use where(gt(x, 0), a, b), maximum, clip or relu for an elementwise choice";
  return "";
}

/** Nested arrays or a typed array of numbers: what the tensor functions read as a tensor. */
function isArrayOperand(x: unknown): boolean {
  return Array.isArray(x) || isNumberTypedArray(x);
}

/**
 * Whether an array holds a dual number or tape variable: a plain loop that tests typeof first
 * (xs.some(isAD) made xs.includes(i) in a cell's loop 5× Node's on a 5-element array).
 */
function holdsAD(xs: unknown[]): boolean {
  for (let i = 0; i < xs.length; i++) {
    const e = xs[i];
    if (typeof e === "object" && e !== null && isAD(e)) return true;
  }
  return false;
}

function number(x: unknown): unknown {
  return isAD(x) ? primalOf(x as Value) : x;
}

/**
 * The primal of an operand of <, <=, > or >=. JavaScript would compare a tensor as NaN, always
 * false (`z > 0 ? z : 0` on a tensor silently gave 0 and a zero gradient): a tensor is an error.
 */
function ordered(x: unknown, op: string): unknown {
  const p = number(x);
  if (p instanceof Tensor) {
    throw new TypeError(
      `operator ${op}: comparisons need scalars, got a tensor of shape (${p.shape.join("×")}); ` +
        `for an elementwise choice use where(gt(x, 0), a, b) (or maximum(x, 0), minimum, clip, relu(x)), for a 0/1 mask gt(x, 0) (lt, ge, le, eq, ne), or compare its entries (x.get(i))`,
    );
  }
  return p;
}

/* eslint-disable @typescript-eslint/no-explicit-any -- these mirror JavaScript's untyped operators */
/**
 * The functions a cell's operators become (`a * b` → `operators.mul(a, b)`).
 * @example
 * operators.mul(dual(3, 1), 2).tangent  // 2
 * operators.add("x = ", 1)              // "x = 1"
 * operators.mul(tensor([[1, 2], [3, 4]]), [10, 100]).toArray()  // [[10, 200], [30, 400]]
 */
export const operators = {
  /** For the code the cell transform generates for a whole arithmetic expression (ops/fusion.ts). */
  fusion,
  add: binaryOperator(addRule, arithmetic.add, (a: any, b: any): any => {
    if ((typeof a === "string" || typeof b === "string") && (isValue(a) || isValue(b))) return text(a, b);
    if (typeof a !== "string" && typeof b !== "string") {
      assertArithmetic(a, b, "+");
      const sum = withArrayOperand(a, b, "+", arithmetic.add);
      if (sum !== undefined) return sum;
      assertNoADArray(a, b, "+");
    }
    return a + b;
  }) as (a: any, b: any) => any,
  sub: binaryOperator(subRule, arithmetic.sub, (a: any, b: any): any => {
    assertArithmetic(a, b, "-");
    const result = withArrayOperand(a, b, "-", arithmetic.sub);
    if (result !== undefined) return result;
    assertNoADArray(a, b, "-");
    return a - b;
  }) as (a: any, b: any) => any,
  mul: binaryOperator(mulRule, arithmetic.mul, (a: any, b: any): any => {
    assertArithmetic(a, b, "*");
    const result = withArrayOperand(a, b, "*", arithmetic.mul);
    if (result !== undefined) return result;
    assertNoADArray(a, b, "*");
    return a * b;
  }) as (a: any, b: any) => any,
  div: binaryOperator(divRule, arithmetic.div, (a: any, b: any): any => {
    assertArithmetic(a, b, "/");
    const result = withArrayOperand(a, b, "/", arithmetic.div);
    if (result !== undefined) return result;
    assertNoADArray(a, b, "/");
    return a / b;
  }) as (a: any, b: any) => any,
  mod: binaryOperator(modRule, modOp, (a: any, b: any): any => {
    assertArithmetic(a, b, "%");
    const result = withArrayOperand(a, b, "%", modOp);
    if (result !== undefined) return result;
    assertNoADArray(a, b, "%");
    return a % b;
  }) as (a: any, b: any) => any,
  pow: binaryOperator(powRule, pow, (a: any, b: any): any => {
    assertArithmetic(a, b, "**");
    const result = withArrayOperand(a, b, "**", pow);
    if (result !== undefined) return result;
    assertNoADArray(a, b, "**");
    return a ** b;
  }) as (a: any, b: any) => any,
  neg: unaryOperator(negRule, arithmetic.neg, (a: any): any => {
    assertNoADArray(a, undefined, "-");
    return -a;
  }) as (a: any) => any,
  /** Unary plus keeps a differentiable value or a tensor as it is (NumPy's +A is A). */
  plus(a: any): any {
    if (typeof a === "number") return a;
    if (isValue(a)) return a;
    assertNoADArray(a, undefined, "+");
    return +a;
  },
  lt(a: any, b: any): boolean {
    if (typeof a === "number" && typeof b === "number") return a < b;
    return branch("<", a, b, (ordered(a, "<") as any) < (ordered(b, "<") as any));
  },
  le(a: any, b: any): boolean {
    if (typeof a === "number" && typeof b === "number") return a <= b;
    return branch("<=", a, b, (ordered(a, "<=") as any) <= (ordered(b, "<=") as any));
  },
  gt(a: any, b: any): boolean {
    if (typeof a === "number" && typeof b === "number") return a > b;
    return branch(">", a, b, (ordered(a, ">") as any) > (ordered(b, ">") as any));
  },
  ge(a: any, b: any): boolean {
    if (typeof a === "number" && typeof b === "number") return a >= b;
    return branch(">=", a, b, (ordered(a, ">=") as any) >= (ordered(b, ">=") as any));
  },
  eq(a: any, b: any): boolean {
    if (typeof a === "number" && typeof b === "number") return a == b;
    if (isAD(a) || isAD(b)) return branch("==", a, b, number(a) == number(b));
    return a == b;
  },
  ne(a: any, b: any): boolean {
    if (typeof a === "number" && typeof b === "number") return a != b;
    if (isAD(a) || isAD(b)) return branch("!=", a, b, number(a) != number(b));
    return a != b;
  },
  /** a === b: a dual number or tape variable is equal to a number with its value (`x === 0`); anything else by identity. */
  seq(a: any, b: any): boolean {
    if (isAD(a) || isAD(b)) return branch("==", a, b, number(a) === number(b));
    return a === b;
  },
  sne(a: any, b: any): boolean {
    if (isAD(a) || isAD(b)) return branch("!=", a, b, number(a) !== number(b));
    return a !== b;
  },
  /**
   * `typeof x` in a cell: "number" for a dual number or tape variable holding a scalar (it
   * stands for a number, and its type says so), JavaScript's own answer for anything else.
   */
  typeOf(a: any): string {
    return isAD(a) && typeof primalOf(a) === "number" ? "number" : typeof a;
  },
  /**
   * `xs.includes(v)`, `xs.indexOf(v)`, `xs.lastIndexOf(v)` on an array in a cell: where v or an
   * element is a dual number or tape variable holding a scalar, it is compared by its value (as
   * `===` compares it in a cell); otherwise the array's own method.
   */
  search(xs: unknown[], method: "includes" | "indexOf" | "lastIndexOf", args: unknown[]): unknown {
    if (!isAD(args[0]) && !holdsAD(xs)) return args.length === 1 ? (xs[method] as (v: unknown) => unknown)(args[0]) : (xs[method] as (...a: unknown[]) => unknown).apply(xs, args);
    const search = xs[method] as (this: unknown[], ...a: unknown[]) => unknown;
    const key = (e: unknown) => (isAD(e) && typeof primalOf(e) === "number" ? primalOf(e) : e);
    return search.apply(xs.map(key), [key(args[0]), ...args.slice(1)]);
  },
  /** The TypeError of `o.name(…)` where o has no such method ("Tensor.includes is not a function"). */
  notAMethod(o: any, name: string): never {
    const kind = typeof o === "object" ? (o.constructor?.name ?? "object") : typeof o;
    throw new TypeError(`${kind}.${name} is not a function`);
  },
  /**
   * JavaScript's truthiness for `if (x)`, `x ? … : …`, `!x`, `x || d`, `x && y`: a dual number
   * or tape variable holding a scalar is read as its value (0 and NaN are falsy, as for the
   * number), where an object is always truthy (`x || 1` at x = 0 took x, not 1). Anything else,
   * a tensor included, is JavaScript's own.
   */
  truthy(a: any): boolean {
    if (isAD(a) && typeof primalOf(a) === "number") return branch("!=", a, 0, Boolean(primalOf(a)));
    return Boolean(a);
  },
};
