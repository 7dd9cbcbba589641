import type { Value } from "../core/value";
import type { Primitive } from "../core/primitive";
import { applyPrimitive } from "../core/primitive";
import { asArray, fromArray } from "../core/plain";
import { shapeOf } from "../core/value";
import * as kernels from "../tensor/kernels/reduce";
import { toValue, type ArrayInput, type Input } from "../core/convert";
import { ShapeError } from "../errors";
import { checkShapeArgument } from "../core/shape-argument";
import type { Tensor } from "../tensor/tensor";

/*
 * Broadcasting and its adjoint, as primitives: the elementwise rules use them to give a
 * broadcast operand's tangent the output's shape (forward) and to sum a cotangent back to
 * the operand's shape (reverse). They are linear and each other's transpose.
 */

type ShapeParam = readonly number[];

const broadcastToPrimitive: Primitive<ShapeParam> = {
  name: "broadcastTo",
  evaluate: ([x], shape) => fromArray(kernels.broadcastTo(asArray(x, "broadcastTo"), shape)),
  jvp: ([dx], _primals, _out, shape) => broadcastTo(dx as Value, shape),
  vjp: (g, [x]) => [sumToShape(g, shapeOf(x))],
};

const sumToShapePrimitive: Primitive<ShapeParam> = {
  name: "sumToShape",
  evaluate: ([x], shape) => fromArray(kernels.sumToShape(asArray(x, "sumToShape"), shape)),
  jvp: ([dx], _primals, _out, shape) => sumToShape(dx as Value, shape),
  vjp: (g, [x]) => [broadcastTo(g, shapeOf(x))],
};

/**
 * Repeats x along new or unit axes to the given shape (NumPy broadcasting).
 *
 * @example
 * broadcastTo(tensor([1, 2]), [2, 2]).toArray();  // [[1, 2], [1, 2]]
 */
export function broadcastTo(x: number | ArrayInput, shape: readonly number[]): Tensor;
export function broadcastTo(x: Input, shape: readonly number[]): Value;
export function broadcastTo(x: Input, shape: readonly number[]): Value {
  const v = toValue(x, "broadcastTo");
  checkShapeArgument(shape, "broadcastTo");
  const from = shapeOf(v);
  const fits =
    from.length <= shape.length &&
    from.every((d, i) => d === 1 || d === shape[shape.length - from.length + i]);
  if (!fits) throw new ShapeError(`broadcastTo: shape (${from.join("×")}) cannot be broadcast to (${shape.join("×")})`);
  return applyPrimitive(broadcastToPrimitive, [v], shape);
}

/**
 * Sums x over the axes along which `shape` would have been broadcast — the adjoint of
 * broadcastTo.
 *
 * @example
 * sumToShape(tensor([[1, 2], [3, 4]]), [2]).toArray();  // [4, 6]
 */
export function sumToShape(x: ArrayInput, shape: readonly number[]): Tensor;
export function sumToShape(x: Input, shape: readonly number[]): Value;
export function sumToShape(x: Input, shape: readonly number[]): Value {
  // Converted like every public argument: inside jacfwd an array input is an array of duals.
  const v = toValue(x, "sumToShape");
  checkShapeArgument(shape, "sumToShape");
  return applyPrimitive(sumToShapePrimitive, [v], shape);
}
