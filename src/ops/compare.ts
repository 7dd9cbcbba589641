import type { Value } from "../core/value";
import type { Input } from "../core/convert";
import { isValue, primalOf } from "../core/value";
import { toValue } from "../core/convert";
import { branch } from "../core/branches";
import { Tensor } from "../tensor/tensor";

/*
 * Comparisons look at primal values: branching on an AD value (`if (gt(x, 0))`) picks the
 * branch the derivative then follows, as in every AD system. They return booleans for scalars.
 */

function scalarPrimal(x: Input | unknown, op: string): number {
  const v = isValue(x) ? x : toValue(x as Input, op);
  const p = primalOf(v);
  if (typeof p === "number") return p;
  throw new TypeError(`${op}: comparisons need scalars, got a tensor of shape (${(p as Tensor).shape.join("×")})`);
}

/** a < b on primal values. @example lt(dual(1, 1), 2) // true */
export const lt = (a: Input, b: Input): boolean => branch("<", a, b, scalarPrimal(a, "lt") < scalarPrimal(b, "lt"));
/** a ≤ b on primal values. @example le(2, 2) // true */
export const le = (a: Input, b: Input): boolean => branch("<=", a, b, scalarPrimal(a, "le") <= scalarPrimal(b, "le"));
/** a > b on primal values. @example gt(dual(3, 1), 2) // true */
export const gt = (a: Input, b: Input): boolean => branch(">", a, b, scalarPrimal(a, "gt") > scalarPrimal(b, "gt"));
/** a ≥ b on primal values. @example ge(2, 3) // false */
export const ge = (a: Input, b: Input): boolean => branch(">=", a, b, scalarPrimal(a, "ge") >= scalarPrimal(b, "ge"));
/** a === b on primal values. @example eq(dual(2, 1), 2) // true */
export const eq = (a: Input, b: Input): boolean => branch("==", a, b, scalarPrimal(a, "eq") === scalarPrimal(b, "eq"));
/** a !== b on primal values. @example ne(1, 2) // true */
export const ne = (a: Input, b: Input): boolean => branch("!=", a, b, scalarPrimal(a, "ne") !== scalarPrimal(b, "ne"));

/**
 * The primal of a value, or of every entry of an array of values: an array argument inside
 * grad or jacfwd is an array of tape variables or duals (reading `.value` of it crashed).
 */
function primalDeep(x: unknown, fname: string): unknown {
  if (Array.isArray(x)) return x.map((e) => primalDeep(e, fname));
  if (isValue(x)) return primalOf(x);
  const got = typeof x === "string" ? `the string ${JSON.stringify(x)}` : x === null ? "null" : typeof x;
  throw new TypeError(`${fname}: expected a number, a tensor or an array of them, got ${got}`);
}

/**
 * The plain number or Tensor inside an AD value: drops the derivative on purpose. An array
 * of values gives an array of their primals.
 * @example
 * primal(dual(2, 1)) // 2
 * primal([dual(2, 1), 3]) // [2, 3]
 */
export function primal(x: number): number;
export function primal(x: Tensor): Tensor;
export function primal(x: readonly number[]): number[];
export function primal(x: readonly (readonly number[])[]): number[][];
export function primal(x: Value): number | Tensor;
export function primal(x: readonly unknown[]): unknown[];
export function primal(x: Value | readonly unknown[]): unknown {
  return primalDeep(x, "primal");
}

/**
 * The value of x, treated as a constant by every differentiation around it (JAX's
 * stop_gradient; the same as primal). Useful for targets and for quantities a derivative
 * must not see through. An array of values gives an array of their values.
 * @example
 * grad((x: number) => x * stopGradient(x))(3)  // 3, not 6
 * grad((x: number[]) => sum(mul(x, stopGradient(x))))([3, 4])  // [3, 4]
 */
export function stopGradient(x: number): number;
export function stopGradient(x: Tensor): Tensor;
export function stopGradient(x: readonly number[]): number[];
export function stopGradient(x: readonly (readonly number[])[]): number[][];
export function stopGradient(x: Value): number | Tensor;
export function stopGradient(x: readonly unknown[]): unknown[];
export function stopGradient(x: Value | readonly unknown[]): unknown {
  return primalDeep(x, "stopGradient");
}
