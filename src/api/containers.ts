import type { Value } from "../core/value";
import { isAD, isScalarValue, isValue, primalOf, shapeOf } from "../core/value";
import { Tensor } from "../tensor/tensor";
import { Dual } from "../forward/dual";
import { Var } from "../reverse/var";
import { nestedShape } from "../tensor/ndarray";
import { sizeOf } from "../tensor/shape";
import { elementsOf, pack } from "../ops/pack";
import { DifferentiationError } from "../errors";
import { describeArgument } from "../tensor/describe-argument";
import { isNumberTypedArray } from "../tensor/number-arrays";

/*
 * Containers mirror the input (DESIGN.md): a number gives a number, nested arrays give
 * nested arrays, a Tensor gives a Tensor. An argument is seen as a flat list of scalars
 * plus the container to rebuild; a Tensor argument stays one value, so tensor operations
 * on it remain one tape entry each.
 */

/** How an argument or a result is held. */
export type Container =
  | { readonly kind: "scalar" }
  | { readonly kind: "array"; readonly shape: readonly number[] }
  | { readonly kind: "tensor"; readonly shape: readonly number[] };

export function containerShape(c: Container): readonly number[] {
  return c.kind === "scalar" ? [] : c.shape;
}

/** Where objects and lists of parameters are taken (seed.ts), for errors elsewhere. */
const TREES = "objects and lists of parameters, { W, b } or [W, b], are taken by grad, valueAndGrad, jacobian, jacfwd, jacrev, hessian, jvp, vjp and hvp";

/** The container of a function argument; a clear error for anything not differentiable. */
export function containerOf(x: unknown, what: string): Container {
  if (typeof x === "number" || (isValue(x) && isScalarValue(x))) return { kind: "scalar" };
  if (Array.isArray(x) && isFlatNumbers(x)) return { kind: "array", shape: [x.length] };
  if (isNumberTypedArray(x)) return { kind: "array", shape: [x.length] };
  if (isValue(x)) return { kind: "tensor", shape: shapeOf(x) };
  if (Array.isArray(x)) {
    const shape = nestedShape(x);
    for (const v of (x as unknown[]).flat(Infinity)) {
      if (!(typeof v === "number" || (isValue(v) && isScalarValue(v)))) {
        const tree = isValue(v) || (typeof v === "object" && v !== null) ? `; ${TREES}` : "";
        throw new DifferentiationError(`${what} holds ${describe(v)}; only numbers can be differentiated${tree}`);
      }
    }
    return { kind: "array", shape };
  }
  const instance = instanceOfClass(x);
  if (instance !== null) {
    // A model written as a class, grad(m => m.loss())(model): its fields are the parameters,
    // but only a plain object is taken apart (a copy would lose the methods' class).
    const fn = what.split(":")[0];
    const fields = Object.keys(x as object).join(", ");
    throw new DifferentiationError(
      `${what} is an instance of the class ${instance}, not a plain object of parameters: pass its fields, ${fn}(f)({ ...model }) ` +
        `(f gets { ${fields} }), and make a ${instance} of them inside f where f needs its methods`,
    );
  }
  throw new DifferentiationError(`${what} is ${describe(x)}; expected a number, an array of numbers (or a Float64Array) or a tensor (${TREES})`);
}

/** The name of the class x is an instance of, for a class written with `class` (not Map, Date, a Promise …); else null. */
function instanceOfClass(x: unknown): string | null {
  if (x === null || typeof x !== "object" || isValue(x)) return null;
  const ctor = (Object.getPrototypeOf(x) as { constructor?: unknown } | null)?.constructor;
  if (typeof ctor !== "function" || !/^class\b/.test(Function.prototype.toString.call(ctor))) return null;
  return ctor.name || "(anonymous)";
}

/** A 1-d array of plain numbers or scalar AD values: the common case, checked without flattening. */
function isFlatNumbers(x: unknown[]): boolean {
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (typeof v !== "number" && !((v instanceof Dual || v instanceof Var) && isScalarValue(v))) return false;
  }
  return true;
}

export { isNumberTypedArray };

/** The scalar elements of an array or scalar argument, row-major. */
export function flatElements(x: unknown): Value[] {
  if (isNumberTypedArray(x)) return Array.from(x);
  if (!Array.isArray(x)) return [x as Value];
  return x.length > 0 && !Array.isArray(x[0]) ? (x as Value[]) : ((x as unknown[]).flat(Infinity) as Value[]);
}

/** Nested arrays of the given shape from row-major values (plain loops: this runs per derivative). */
export function nest(values: ArrayLike<Value>, shape: readonly number[]): unknown {
  if (shape.length === 0) return values[0];
  if (shape.length === 1 && Array.isArray(values) && values.length === shape[0]) return values.slice();
  const strides = shape.map((_, axis) => sizeOf(shape.slice(axis + 1)));
  const build = (axis: number, offset: number): unknown[] => {
    const length = shape[axis];
    const out = new Array<unknown>(length);
    if (axis === shape.length - 1) for (let i = 0; i < length; i++) out[i] = values[offset + i];
    else for (let i = 0; i < length; i++) out[i] = build(axis + 1, offset + i * strides[axis]);
    return out;
  };
  return build(0, 0);
}

/** Values laid out in `shape`, as a Tensor when `asTensor`, otherwise nested arrays (or a scalar). */
export function assemble(values: readonly Value[], shape: readonly number[], asTensor: boolean): unknown {
  if (!asTensor) return nest(values, shape);
  if (shape.length === 0) return values[0];
  return pack(values, shape);
}

/** A function's result, checked and seen as a container plus its scalar elements. */
export interface Output {
  readonly container: Container;
  readonly elements: Value[];
}

export function outputOf(y: unknown, fname: string): Output {
  if (y === undefined || y === null || typeof y === "string" || typeof y === "boolean" || typeof y === "function") {
    const hint = y === undefined ? " (did you forget `return`?)" : "";
    throw new DifferentiationError(`${fname}: f returned ${describe(y)}${hint}; it must return a number, an array of numbers or a tensor`);
  }
  const container = containerOf(y, `${fname}: f's result`);
  const elements = container.kind === "array" ? flatElements(y) : elementsOf(y as Value);
  return { container, elements };
}

/** Applies fn to every scalar of an array result, or to a scalar/tensor result as a whole. */
export function mapOutput(y: unknown, fn: (v: Value) => Value): unknown {
  if (Array.isArray(y)) return y.map((e) => mapOutput(e, fn));
  return fn(y as Value);
}

/** A value as an error message names it: `number 3`, `the string "a"`, `a value of shape (2×3)`. */
export function describe(x: unknown): string {
  if (typeof x === "symbol") return `a symbol (${x.toString()})`;
  // A tensor, or a differentiable one, by its shape; numbers, strings, arrays, a differentiable
  // number and other objects as an argument is named everywhere (describe-argument.ts).
  if (typeof x === "object" && x !== null && !Array.isArray(x) && isValue(x) && !(isAD(x) && shapeOf(x).length === 0)) return `a value of shape (${shapeOf(x).join("×")})`;
  return describeArgument(x);
}

