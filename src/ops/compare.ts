import type { Value } from "../core/value";
import type { ArrayInput, Input } from "../core/convert";
import type { NDArray } from "../tensor/ndarray";
import { map2 } from "../tensor/kernels/elementwise";
import { isValue, primalOf } from "../core/value";
import { toValue } from "../core/convert";
import { branch } from "../core/branches";
import { Tensor } from "../tensor/tensor";

/*
 * Comparisons look at primal values: branching on an AD value (`if (gt(x, 0))`) picks the
 * branch the derivative then follows, as in every AD system. They return booleans for scalars;
 * with a tensor or an array operand they compare entry by entry (broadcast) and give a Tensor
 * of 1s and 0s, NumPy's mask — `mean(eq(argmax(logits, 1), labels))` is the accuracy — a
 * constant to every derivative.
 */

/** A comparison: booleans for scalars, a 0/1 Tensor for a tensor or array operand. */
export interface Comparison {
  (a: ArrayInput, b: Input): Tensor;
  (a: Input, b: ArrayInput): Tensor;
  (a: Input, b: Input): boolean;
}

function primalOfInput(x: Input | unknown, op: string): number | Tensor {
  const v = isValue(x) ? x : toValue(x as Input, op);
  return primalOf(v) as number | Tensor;
}

function comparison(op: string, symbol: Parameters<typeof branch>[0], test: (x: number, y: number) => boolean): Comparison {
  return ((a: Input, b: Input): boolean | Tensor => {
    const pa = primalOfInput(a, op);
    const pb = primalOfInput(b, op);
    if (typeof pa === "number" && typeof pb === "number") return branch(symbol, a, b, test(pa, pb));
    const r = map2(asNDArray(pa), asNDArray(pb), (x, y) => (test(x, y) ? 1 : 0), op);
    return new Tensor(r.shape, r.data);
  }) as Comparison;
}

function asNDArray(p: number | Tensor): NDArray {
  return typeof p === "number" ? { shape: [], data: Float64Array.of(p) } : { shape: p.shape, data: p.data };
}

/** a < b on primal values; entry by entry (1 or 0) for tensors. @example lt(dual(1, 1), 2) // true */
export const lt: Comparison = comparison("lt", "<", (x, y) => x < y);
/** a ≤ b on primal values; entry by entry (1 or 0) for tensors. @example le(2, 2) // true */
export const le: Comparison = comparison("le", "<=", (x, y) => x <= y);
/**
 * a > b on primal values; entry by entry (1 or 0) for tensors.
 * @example
 * gt(dual(3, 1), 2) // true
 * gt([0.2, 0.7, 0.9], 0.5).toArray() // [0, 1, 1]
 */
export const gt: Comparison = comparison("gt", ">", (x, y) => x > y);
/** a ≥ b on primal values; entry by entry (1 or 0) for tensors. @example ge(2, 3) // false */
export const ge: Comparison = comparison("ge", ">=", (x, y) => x >= y);
/**
 * a === b on primal values; entry by entry (1 or 0) for tensors.
 * @example
 * eq(dual(2, 1), 2) // true
 * mean(eq([0, 2, 1, 1], [0, 1, 1, 1])) // 0.75
 */
export const eq: Comparison = comparison("eq", "==", (x, y) => x === y);
/** a !== b on primal values; entry by entry (1 or 0) for tensors. @example ne(1, 2) // true */
export const ne: Comparison = comparison("ne", "!=", (x, y) => x !== y);

/**
 * The primal of a value, or of every entry of an array of values: an array argument inside
 * grad or jacfwd is an array of tape variables or duals (reading `.value` of it crashed).
 * A plain object of values ({ W, b }: a target network's parameters) gives an object of their
 * primals, as JAX's stop_gradient takes a pytree (it was "got object").
 */
function primalDeep(x: unknown, fname: string, within: readonly object[] = []): unknown {
  // An object holding itself (o.self = o) overflowed the stack: "Maximum call stack size exceeded".
  if (typeof x === "object" && x !== null && within.includes(x)) {
    throw new TypeError(`${fname}: the object holds itself (a cycle); pass the values to detach, not a structure that refers back to itself`);
  }
  const inside = typeof x === "object" && x !== null ? [...within, x] : within;
  if (Array.isArray(x)) return x.map((e) => primalDeep(e, fname, inside));
  if (isValue(x)) return primalOf(x);
  // A typed array holds plain numbers only: nothing to detach (it read "got an object (Float64Array)").
  if (ArrayBuffer.isView(x) && !(x instanceof DataView)) return x;
  if (isPlainObject(x)) return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, primalDeep(v, `${fname}: .${k}`, inside)]));
  const got = typeof x === "string" ? `the string ${JSON.stringify(x)}` : x === null ? "null" : typeof x === "object" ? `an object (${(x as object).constructor?.name ?? "Object"})` : typeof x;
  throw new TypeError(`${fname}: expected a number, a tensor, or an array or a plain object of them, got ${got}`);
}

/** An object literal ({ W, b }), not a class instance, a Map or a typed array. */
function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (x === null || typeof x !== "object") return false;
  const proto = Object.getPrototypeOf(x) as object | null;
  return proto === null || Object.getPrototypeOf(proto) === null;
}

/**
 * The plain number or Tensor inside an AD value: drops the derivative on purpose. An array
 * of values gives an array of their primals, and a plain object of values ({ W, b }) an
 * object of them.
 * @example
 * primal(dual(2, 1)) // 2
 * primal([dual(2, 1), 3]) // [2, 3]
 * primal({ w: dual(2, 1), b: 3 }) // { w: 2, b: 3 }
 */
export function primal(x: number): number;
export function primal(x: Tensor): Tensor;
export function primal(x: readonly number[]): number[];
export function primal(x: readonly (readonly number[])[]): number[][];
export function primal(x: Value): number | Tensor;
export function primal(x: readonly unknown[]): unknown[];
export function primal<T extends Record<string, unknown>>(x: T): T;
export function primal(x: Value | readonly unknown[] | Record<string, unknown>): unknown {
  return primalDeep(x, "primal");
}

/**
 * The value of x, treated as a constant by every differentiation around it (JAX's
 * stop_gradient; the same as primal). Useful for targets and for quantities a derivative
 * must not see through. An array of values gives an array of their values, and a plain
 * object of values ({ W, b }: a target network's parameters) an object of them.
 * @example
 * grad((x: number) => x * stopGradient(x))(3)  // 3, not 6
 * grad((x: number[]) => sum(mul(x, stopGradient(x))))([3, 4])  // [3, 4]
 * grad((p: { w: number; b: number }) => mul(p.w, stopGradient(p).b))({ w: 2, b: 3 })  // { w: 3, b: 0 }
 */
export function stopGradient(x: number): number;
export function stopGradient(x: Tensor): Tensor;
export function stopGradient(x: readonly number[]): number[];
export function stopGradient(x: readonly (readonly number[])[]): number[][];
export function stopGradient(x: Value): number | Tensor;
export function stopGradient(x: readonly unknown[]): unknown[];
export function stopGradient<T extends Record<string, unknown>>(x: T): T;
export function stopGradient(x: Value | readonly unknown[] | Record<string, unknown>): unknown {
  return primalDeep(x, "stopGradient");
}
