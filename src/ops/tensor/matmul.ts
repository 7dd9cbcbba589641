import type { Value } from "../../core/value";
import type { Primitive } from "../../core/primitive";
import type { ArrayInput, Input, NumberArray } from "../../core/convert";
import type { Tensor } from "../../tensor/tensor";
import { applyPrimitive } from "../../core/primitive";
import { asArray, fromArray } from "../../core/plain";
import { toValue } from "../../core/convert";
import { shapeOf } from "../../core/value";
import { add } from "../arithmetic";
import { strongZeroProduct } from "../../core/strong-zero-product";
import { reshape, transpose } from "./layout";
import { sumToShape } from "../broadcast";
import * as kernels from "../../tensor/kernels/matmul";
import { ShapeError, underName } from "../../errors";

/**
 * The matrix product, bilinear: d(AB) = dA·B + A·dB; pullback (G·Bᵀ, Aᵀ·G), with the
 * vector cases (matrix·vector, vector·matrix, vector·vector) handled by outer products.
 * The parameter says whether zeros may be skipped: true for the products of tangents and
 * cotangents inside derivatives (see the kernel), false for the user's own products.
 */
const matmulPrimitive: Primitive<boolean> = {
  name: "matmul",
  evaluate: ([a, b], skipZeros) => fromArray(kernels.matmul(asArray(a, "matmul"), asArray(b, "matmul"), skipZeros)),
  jvp: ([da, db], [a, b]) => {
    const left = da === null ? null : matmulValue(da, b, true);
    const right = db === null ? null : matmulValue(a, db, true);
    return left === null ? (right as Value) : right === null ? left : add(left, right);
  },
  vjp: (g, [a, b], _out, _p, needs) => {
    const ra = shapeOf(a).length;
    const rb = shapeOf(b).length;
    let ga: Value | null = null;
    let gb: Value | null = null;
    if (ra > 2 || rb > 2) {
      // Batched: the same products on the last two axes, summed back over broadcast batches.
      if (needs[0]) ga = sumToShape(matmulValue(g, swapLast(b), true), shapeOf(a));
      if (needs[1]) gb = sumToShape(matmulValue(swapLast(a), g, true), shapeOf(b));
    } else if (ra === 2 && rb === 2) {
      if (needs[0]) ga = matmulValue(g, transpose(b), true);
      if (needs[1]) gb = matmulValue(transpose(a), g, true);
    } else if (ra === 2) {
      if (needs[0]) ga = outerValue(g, b, true);
      // Aᵀg as the vector·matrix product gᵀA: no transposed copy of A.
      if (needs[1]) gb = matmulValue(g, a, true);
    } else if (rb === 2) {
      if (needs[0]) ga = matmulValue(b, g, true);
      if (needs[1]) gb = outerValue(a, g, true);
    } else {
      if (needs[0]) ga = strongZeroProduct(g, b);
      if (needs[1]) gb = strongZeroProduct(g, a);
    }
    return [ga, gb];
  },
};

function matmulValue(a: Value, b: Value, skipZeros = false): Value {
  const ra = shapeOf(a).length;
  const rb = shapeOf(b).length;
  // A vector next to a stack of matrices: promote it to a matrix, multiply, drop the axis.
  if (ra === 1 && rb > 2) {
    const out = applyPrimitive(matmulPrimitive, [reshape(a, [1, shapeOf(a)[0]]), b], skipZeros);
    const s = shapeOf(out);
    return reshape(out, [...s.slice(0, -2), s[s.length - 1]]);
  }
  if (rb === 1 && ra > 2) {
    const out = applyPrimitive(matmulPrimitive, [a, reshape(b, [shapeOf(b)[0], 1])], skipZeros);
    return reshape(out, shapeOf(out).slice(0, -1));
  }
  return applyPrimitive(matmulPrimitive, [a, b], skipZeros);
}

/** The transpose of the last two axes of a stack of matrices. */
function swapLast(x: Value): Value {
  const n = shapeOf(x).length;
  const axes = Array.from({ length: n }, (_, i) => i);
  [axes[n - 2], axes[n - 1]] = [axes[n - 1], axes[n - 2]];
  return transpose(x, axes);
}

function outerValue(u: Value, v: Value, skipZeros = false): Value {
  const m = shapeOf(u)[0];
  const n = shapeOf(v)[0];
  return matmulValue(reshape(u, [m, 1]), reshape(v, [1, n]), skipZeros);
}

/**
 * The matrix product A·B (NumPy rules: matrix·vector gives a vector, vector·vector a scalar).
 * Typed a number for two number[] and a Tensor for other tensors and arrays (two 1-d
 * Tensors give a number too: use dot for vectors).
 * @example
 * matmul([[1, 2], [3, 4]], [1, 1]).toArray()  // [3, 7]
 */
export function matmul(a: readonly number[] | NumberArray, b: readonly number[] | NumberArray): number;
export function matmul(a: ArrayInput, b: ArrayInput): Tensor;
export function matmul(a: Input, b: Input): Value;
export function matmul(a: Input, b: Input): Value {
  return matmulValue(toValue(a, "matmul"), toValue(b, "matmul"));
}

/**
 * The dot product of two vectors, a number. With a matrix operand it is NumPy's `dot`, the
 * product `matmul` gives (typed for vectors: write `matmul` for matrices).
 * @example
 * dot([1, 2, 3], [4, 5, 6])  // 32
 * dot(tensor([1, 2]), matmul(tensor([[2, 1], [1, 3]]), tensor([1, 2])))  // xᵀSx = 18
 */
export function dot(a: ArrayInput, b: ArrayInput): number;
export function dot(a: Input, b: Input): Value;
export function dot(a: Input, b: Input): Value {
  const u = toValue(a, "dot");
  const v = toValue(b, "dot");
  const su = shapeOf(u);
  const sv = shapeOf(v);
  // Checked here so that the message names dot, which the user called, not matmul.
  if (su.length === 1 && sv.length === 1 && su[0] !== sv[0]) {
    throw new ShapeError(`dot: vectors of lengths ${su[0]} and ${sv[0]} differ`);
  }
  return underName("dot", ["matmul"], () => matmulValue(u, v));
}

/**
 * The outer product u·vᵀ of two vectors.
 * @example
 * outer([1, 2], [3, 4]).toArray()  // [[3, 4], [6, 8]]
 */
export function outer(u: ArrayInput, v: ArrayInput): Tensor;
export function outer(u: Input, v: Input): Value;
export function outer(u: Input, v: Input): Value {
  const a = toValue(u, "outer");
  const b = toValue(v, "outer");
  if (shapeOf(a).length !== 1 || shapeOf(b).length !== 1) {
    throw new ShapeError(`outer: expected two vectors, got shapes (${shapeOf(a).join("×")}) and (${shapeOf(b).join("×")})`);
  }
  return underName("outer", ["matmul"], () => outerValue(a, b));
}
