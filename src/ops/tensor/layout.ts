import type { Value } from "../../core/value";
import type { Primitive } from "../../core/primitive";
import type { ArrayInput, Input } from "../../core/convert";
import type { Tensor } from "../../tensor/tensor";
import { applyPrimitive } from "../../core/primitive";
import { asArray, fromArray } from "../../core/plain";
import { toValue } from "../../core/convert";
import { shapeOf } from "../../core/value";
import * as kernels from "../../tensor/kernels/layout";
import { describeArgument } from "../../tensor/describe-argument";

const reshapePrimitive: Primitive<readonly number[]> = {
  name: "reshape",
  evaluate: ([x], shape) => fromArray(kernels.reshape(asArray(x, "reshape"), shape)),
  jvp: ([dx], _p, _out, shape) => reshapeValue(dx as Value, shape),
  vjp: (g, [x]) => [reshapeValue(g, shapeOf(x))],
};

const transposePrimitive: Primitive<readonly number[] | undefined> = {
  name: "transpose",
  evaluate: ([x], axes) => fromArray(kernels.transpose(asArray(x, "transpose"), axes)),
  jvp: ([dx], _p, _out, axes) => transposeValue(dx as Value, axes),
  vjp: (g, _p, _out, axes) => [transposeValue(g, axes ? inversePermutation(axes) : undefined)],
};

function inversePermutation(axes: readonly number[]): number[] {
  const inv = new Array<number>(axes.length);
  axes.forEach((a, i) => (inv[a] = i));
  return inv;
}

function reshapeValue(x: Value, shape: readonly number[]): Value {
  return applyPrimitive(reshapePrimitive, [x], shape);
}

function transposeValue(x: Value, axes?: readonly number[]): Value {
  return shapeOf(x).length < 2 && axes === undefined ? x : applyPrimitive(transposePrimitive, [x], axes);
}

/**
 * The same entries in a new shape (row-major order); one dimension may be −1. The shape may
 * also be given as separate numbers, as the method takes it: `reshape(x, 2, 2)`.
 * @example
 * reshape([1, 2, 3, 4], [2, 2]).toArray()  // [[1, 2], [3, 4]]
 * reshape([1, 2, 3, 4], 2, 2).toArray()    // the same
 */
export function reshape(x: ArrayInput, ...shape: [readonly number[]] | number[]): Tensor;
export function reshape(x: Input, ...shape: [readonly number[]] | number[]): Value;
export function reshape(x: Input, ...shape: [readonly number[]] | number[]): Value {
  // reshape(x, 2, 2) crashed inside the kernel: "shape.indexOf is not a function".
  return reshapeValue(toValue(x, "reshape"), dimensions(shape, "reshape"));
}

/** The shape or axes given as one array or as separate numbers, checked to be numbers. */
function dimensions(given: readonly (number | readonly number[])[], fname: string): readonly number[] {
  const list = given.length === 1 && Array.isArray(given[0]) ? (given[0] as readonly number[]) : given;
  for (const d of list) {
    if (typeof d !== "number") throw new TypeError(`${fname}: expected numbers or one array of numbers, got ${Array.isArray(d) ? "an array among numbers" : describeArgument(d)}`);
  }
  return list as readonly number[];
}

/**
 * The transpose of a matrix (axes reversed), or the axes permuted as given (negative axes
 * count from the end, as in NumPy), as one array or as separate numbers.
 * @example
 * transpose([[1, 2], [3, 4]]).toArray()  // [[1, 3], [2, 4]]
 * shape(transpose(zeros([2, 3, 4]), [-1, 0, 1]))  // [4, 2, 3]
 * shape(transpose(zeros([2, 3, 4]), 2, 0, 1))     // [4, 2, 3]
 */
export function transpose(x: Tensor | number[][], ...axes: [] | [readonly number[] | undefined] | number[]): Tensor;
export function transpose(x: Input, ...axes: [] | [readonly number[] | undefined] | number[]): Value;
export function transpose(x: Input, ...axes: [] | [readonly number[] | undefined] | number[]): Value {
  const v = toValue(x, "transpose");
  const n = shapeOf(v).length;
  // transpose(x, 1, 0) crashed: "axes?.map is not a function".
  const list = axes.length === 0 || axes[0] === undefined ? undefined : dimensions(axes as (number | readonly number[])[], "transpose");
  return transposeValue(v, list?.map((a) => (a < 0 && a >= -n ? a + n : a)));
}
