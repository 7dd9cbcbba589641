import type { Value } from "../core/value";
import type { Primitive } from "../core/primitive";
import { applyPrimitive } from "../core/primitive";
import { isScalarValue, isValue, primalOf, shapeOf } from "../core/value";
import { describe } from "../api/containers";
import { Tensor } from "../tensor/tensor";
import { shapeInParens, sizeOf } from "../tensor/shape";
import { nestedShape } from "../tensor/ndarray";
import { ShapeError } from "../errors";
import { describeArgument } from "../tensor/describe-argument";

/*
 * Between scalars and tensors: `pack` makes one differentiable tensor out of scalar values
 * (a user's `[x[0] * 2, x[1]]` handed to matmul), `element` reads one entry of a tensor as
 * a differentiable scalar. They are each other's transpose: pack's pullback reads elements
 * of the cotangent; element's pullback scatters into zeros via `oneHot`.
 */

const packPrimitive: Primitive<readonly number[]> = {
  name: "pack",
  evaluate: (args, shape) => new Tensor(shape, Float64Array.from(args as number[])),
  jvp: (tangents, _primals, _out, shape) => pack(tangents.map((t) => t ?? 0), shape),
  vjp: (g, primals, _out, _shape, needs) => primals.map((_p, i) => (needs[i] ? element(g, i) : null)),
};

const elementPrimitive: Primitive<number> = {
  name: "element",
  evaluate: ([x], index) => (x as Tensor).data[index],
  jvp: ([dx], _primals, _out, index) => element(dx as Value, index),
  vjp: (g, [x], _out, index) => [oneHot(g, index, shapeOf(x))],
};

const oneHotPrimitive: Primitive<{ index: number; shape: readonly number[] }> = {
  name: "oneHot",
  evaluate: ([s], { index, shape }) => {
    const data = new Float64Array(sizeOf(shape));
    data[index] = s as number;
    return new Tensor(shape, data);
  },
  jvp: ([ds], _primals, _out, p) => oneHot(ds as Value, p.index, p.shape),
  vjp: (g, _primals, _out, p) => [element(g, p.index)],
};

/**
 * One tensor of the given shape from scalar values in row-major order (differentiable).
 * @example
 * pack([1, 2, 3, 4], [2, 2]).toArray()  // [[1, 2], [3, 4]]
 */
export function pack(values: readonly number[], shape: readonly number[]): Tensor;
export function pack(values: readonly Value[], shape: readonly number[]): Value;
export function pack(values: readonly Value[], shape: readonly number[]): Value {
  // A mismatch made a tensor whose data did not fill its shape.
  if (!Array.isArray(values) || !Array.isArray(shape)) {
    throw new TypeError(`pack: expected an array of scalars and a shape, pack(values, [2, 3]), got ${describe(values)} and ${describe(shape)}`);
  }
  if (!shape.every((d) => Number.isInteger(d) && d >= 0) || sizeOf(shape) !== values.length) {
    throw new ShapeError(`pack: ${values.length} values do not fill shape ${shapeInParens(shape)}`);
  }
  if (values.every((v) => typeof v === "number")) return new Tensor(shape, Float64Array.from(values as number[]));
  // A string or an array among the values became NaN in the tensor.
  values.forEach((v, i) => {
    if (!isValue(v) || !isScalarValue(v)) throw new TypeError(`pack: value ${i} is ${describe(v)}, not a number`);
  });
  return applyPrimitive(packPrimitive, values, shape);
}

/**
 * Entry `index` (row-major, flat) of a tensor as a scalar (differentiable).
 * @example
 * element(tensor([[1, 2], [3, 4]]), 2)  // 3
 */
export function element(x: Value | readonly unknown[], index: number): number;
// Always a scalar (inside a differentiation a dual number or tape variable, which cells type
// as number): typed Value, `p[0] - element(step, 0)` was a false warning in a cell.
export function element(x: Value | readonly unknown[], index: number): Value;
export function element(x: Value | readonly unknown[], index: number): Value {
  // An array argument (of numbers or AD scalars, as inside grad and jacfwd): its entry is
  // already a scalar value, so nothing is packed.
  if (Array.isArray(x)) return checkedEntry(x.flat(Infinity), index, nestedShape(x, "element")) as Value;
  const v = x as Value;
  const p = primalOf(v);
  checkedEntry(typeof p === "number" ? [p] : p.data, index, typeof p === "number" ? [] : p.shape);
  if (typeof p === "number") return v;
  if (v instanceof Tensor) return v.data[index];
  return applyPrimitive(elementPrimitive, [v], index);
}

/** entries[index], or a ShapeError naming the shape instead of a silent undefined. */
function checkedEntry<T>(entries: ArrayLike<T>, index: number, shape: readonly number[]): T {
  // element(x, i) with i a tape variable said "flat index Var(1) is out of range" for an index within it.
  if (typeof index !== "number" || !Number.isInteger(index)) throw new TypeError(`element: the flat index must be an integer, got ${typeof index === "number" ? index : describeArgument(index)}`);
  if (index < 0 || index >= entries.length) {
    const what = shape.length === 0 ? "a scalar" : `shape ${shapeInParens(shape)}, which has ${entries.length} entries`;
    throw new ShapeError(`element: flat index ${index} is out of range for ${what}`);
  }
  return entries[index];
}

/** A tensor of zeros with the scalar s at flat `index` (the transpose of element). */
export function oneHot(s: Value, index: number, shape: readonly number[]): Value {
  return applyPrimitive(oneHotPrimitive, [s], { index, shape });
}

/** All entries of a value as scalars, row-major (a scalar gives itself). */
export function elementsOf(x: Value): Value[] {
  const p = primalOf(x);
  if (typeof p === "number") return [x];
  if (x instanceof Tensor) return Array.from(x.data);
  return Array.from({ length: p.data.length }, (_, i) => element(x, i));
}
