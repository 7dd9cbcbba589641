import type { Value } from "../core/value";
import type { Primitive } from "../core/primitive";
import { applyPrimitive } from "../core/primitive";
import { primalOf, shapeOf } from "../core/value";
import { Tensor } from "../tensor/tensor";
import { sizeOf } from "../tensor/shape";

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
export function pack(values: readonly Value[], shape: readonly number[]): Value {
  if (values.every((v) => typeof v === "number")) return new Tensor(shape, Float64Array.from(values as number[]));
  return applyPrimitive(packPrimitive, values, shape);
}

/**
 * Entry `index` (row-major, flat) of a tensor as a scalar (differentiable).
 * @example
 * element(tensor([[1, 2], [3, 4]]), 2)  // 3
 */
export function element(x: Value, index: number): Value {
  const p = primalOf(x);
  if (typeof p === "number") return x;
  if (x instanceof Tensor) return x.data[index];
  return applyPrimitive(elementPrimitive, [x], index);
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
