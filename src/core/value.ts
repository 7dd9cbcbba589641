import { Dual } from "../forward/dual";
import { Var } from "../reverse/var";
import { Tensor } from "../tensor/tensor";
import { DifferentiationError } from "../errors";

/**
 * Every value the runtime differentiates: a plain number, a plain Tensor, or an AD value
 * wrapping one of them — a forward-mode `Dual` or a reverse-mode `Var` (a tape node).
 * AD values nest: the `value` of a Dual or Var has a lower tag than the Dual or Var.
 */
export type Value = number | Tensor | Dual | Var;

/** The tag a value is differentiated under; 0 for plain numbers and tensors. */
export function tagOf(x: Value): number {
  if (typeof x === "number") return 0;
  if (x instanceof Dual) return x.tag;
  if (x instanceof Var) return x.tape.tag;
  return 0;
}

/** True for numbers, Tensors, Duals and Vars. */
export function isValue(x: unknown): x is Value {
  return typeof x === "number" || x instanceof Tensor || x instanceof Dual || x instanceof Var;
}

/** True for AD values (Dual or Var), which carry a derivative. */
export function isAD(x: unknown): x is Dual | Var {
  return x instanceof Dual || x instanceof Var;
}

/** The plain number or Tensor at the bottom of a nest of AD values. */
export function primalOf(x: Value): number | Tensor {
  while (typeof x !== "number" && !(x instanceof Tensor)) x = x.value;
  return x;
}

/** Shape of a value: [] for scalars. */
export function shapeOf(x: Value): readonly number[] {
  const p = primalOf(x);
  return typeof p === "number" ? [] : p.shape;
}

/** True when the value is a scalar (a number, or an AD value wrapping one). */
export function isScalarValue(x: Value): boolean {
  return typeof primalOf(x) === "number";
}

/** The value one level below `tag`: unwraps x when it lives at that tag. */
export function valueAt(x: Value, tag: number): Value {
  if (typeof x === "number") return x;
  if (x instanceof Dual) return x.tag === tag ? x.value : x;
  if (x instanceof Var) return x.tape.tag === tag ? x.value : x;
  return x;
}

/**
 * The plain number a function returned (a number, or a scalar AD value's primal); for
 * anything else a DifferentiationError that names the caller, e.g. "plot: f must return a number".
 */
export function scalarResult(v: unknown, caller: string): number {
  if (typeof v === "number") return v;
  if (isValue(v)) {
    const p = primalOf(v);
    if (typeof p === "number") return p;
  }
  const curves = caller === "plot" && Array.isArray(v) ? "; for several curves, plot an array of functions, plot([f, g], [a, b])" : "";
  throw new DifferentiationError(`${caller}: f must return a number, got ${describeResult(v)}${curves}`);
}

/** What a function returned instead of a number, as an error says it: String() showed [x, x] as "0,0". */
function describeResult(v: unknown): string {
  if (v === undefined) return "undefined (did you forget `return`?)";
  if (v === null) return "null";
  if (typeof v === "string") return `the string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + "…" : v)}`;
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (isValue(v)) return `a tensor of shape (${shapeOf(v).join("×")}) (reduce it to one number, with sum or element, say)`;
  return typeof v === "object" ? `an object (${v.constructor?.name ?? "Object"})` : `${typeof v} ${String(v)}`;
}
