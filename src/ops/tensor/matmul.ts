import type { Value } from "../../core/value";
import type { Primitive } from "../../core/primitive";
import type { Input } from "../../core/convert";
import { applyPrimitive } from "../../core/primitive";
import { asArray, fromArray } from "../../core/plain";
import { toValue } from "../../core/convert";
import { shapeOf } from "../../core/value";
import { add, mul } from "../arithmetic";
import { reshape, transpose } from "./layout";
import { sumToShape } from "../broadcast";
import * as kernels from "../../tensor/kernels/matmul";

/**
 * The matrix product, bilinear: d(AB) = dA·B + A·dB; pullback (G·Bᵀ, Aᵀ·G), with the
 * vector cases (matrix·vector, vector·matrix, vector·vector) handled by outer products.
 */
const matmulPrimitive: Primitive<undefined> = {
  name: "matmul",
  evaluate: ([a, b]) => fromArray(kernels.matmul(asArray(a, "matmul"), asArray(b, "matmul"))),
  jvp: ([da, db], [a, b]) => {
    const left = da === null ? null : matmulValue(da, b);
    const right = db === null ? null : matmulValue(a, db);
    return left === null ? (right as Value) : right === null ? left : add(left, right);
  },
  vjp: (g, [a, b], _out, _p, needs) => {
    const ra = shapeOf(a).length;
    const rb = shapeOf(b).length;
    let ga: Value | null = null;
    let gb: Value | null = null;
    if (ra > 2 || rb > 2) {
      // Batched: the same products on the last two axes, summed back over broadcast batches.
      if (needs[0]) ga = sumToShape(matmulValue(g, swapLast(b)), shapeOf(a));
      if (needs[1]) gb = sumToShape(matmulValue(swapLast(a), g), shapeOf(b));
    } else if (ra === 2 && rb === 2) {
      if (needs[0]) ga = matmulValue(g, transpose(b));
      if (needs[1]) gb = matmulValue(transpose(a), g);
    } else if (ra === 2) {
      if (needs[0]) ga = outerValue(g, b);
      // Aᵀg as the vector·matrix product gᵀA: no transposed copy of A.
      if (needs[1]) gb = matmulValue(g, a);
    } else if (rb === 2) {
      if (needs[0]) ga = matmulValue(b, g);
      if (needs[1]) gb = outerValue(a, g);
    } else {
      if (needs[0]) ga = mul(g, b);
      if (needs[1]) gb = mul(g, a);
    }
    return [ga, gb];
  },
};

function matmulValue(a: Value, b: Value): Value {
  const ra = shapeOf(a).length;
  const rb = shapeOf(b).length;
  // A vector next to a stack of matrices: promote it to a matrix, multiply, drop the axis.
  if (ra === 1 && rb > 2) {
    const out = applyPrimitive(matmulPrimitive, [reshape(a, [1, shapeOf(a)[0]]), b], undefined);
    const s = shapeOf(out);
    return reshape(out, [...s.slice(0, -2), s[s.length - 1]]);
  }
  if (rb === 1 && ra > 2) {
    const out = applyPrimitive(matmulPrimitive, [a, reshape(b, [shapeOf(b)[0], 1])], undefined);
    return reshape(out, shapeOf(out).slice(0, -1));
  }
  return applyPrimitive(matmulPrimitive, [a, b], undefined);
}

/** The transpose of the last two axes of a stack of matrices. */
function swapLast(x: Value): Value {
  const n = shapeOf(x).length;
  const axes = Array.from({ length: n }, (_, i) => i);
  [axes[n - 2], axes[n - 1]] = [axes[n - 1], axes[n - 2]];
  return transpose(x, axes);
}

function outerValue(u: Value, v: Value): Value {
  const m = shapeOf(u)[0];
  const n = shapeOf(v)[0];
  return matmulValue(reshape(u, [m, 1]), reshape(v, [1, n]));
}

/**
 * The matrix product A·B (NumPy rules: matrix·vector gives a vector, vector·vector a scalar).
 * @example
 * matmul([[1, 2], [3, 4]], [1, 1]).toArray()  // [3, 7]
 */
export function matmul(a: Input, b: Input): Value {
  return matmulValue(toValue(a, "matmul"), toValue(b, "matmul"));
}

/**
 * The dot product of two vectors.
 * @example
 * dot([1, 2, 3], [4, 5, 6])  // 32
 */
export function dot(a: Input, b: Input): Value {
  return matmulValue(toValue(a, "dot"), toValue(b, "dot"));
}

/**
 * The outer product u·vᵀ of two vectors.
 * @example
 * outer([1, 2], [3, 4]).toArray()  // [[3, 4], [6, 8]]
 */
export function outer(u: Input, v: Input): Value {
  return outerValue(toValue(u, "outer"), toValue(v, "outer"));
}
