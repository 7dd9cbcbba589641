import type { Value } from "../../core/value";
import type { ArrayInput, Input } from "../../core/convert";
import type { Tensor } from "../../tensor/tensor";
import { toValue } from "../../core/convert";
import { shapeOf } from "../../core/value";
import { mul } from "../arithmetic";
import { reshape, transpose } from "./layout";
import { ShapeError } from "../../errors";
import { checkTensorSize } from "../../tensor/allocate";

/*
 * The Kronecker product and vec, built from differentiable reshapes and transposes, so they
 * need no rules of their own.
 */

/**
 * The Kronecker product A ⊗ B of two matrices, or of two vectors (a vector); a vector next to
 * a matrix is a row, as NumPy takes it.
 * @example
 * kron([[1, 2], [3, 4]], [[5, 6], [7, 8]]).toArray()
 * // [[5, 6, 10, 12], [7, 8, 14, 16], [15, 18, 20, 24], [21, 24, 28, 32]]
 * kron([1, 2], [3, 4]).toArray()  // [3, 4, 6, 8]
 */
export function kron(a: ArrayInput, b: ArrayInput): Tensor;
export function kron(a: Input, b: Input): Value;
export function kron(a: Input, b: Input): Value {
  const A = toValue(a, "kron");
  const B = toValue(b, "kron");
  const sa = shapeOf(A);
  const sb = shapeOf(B);
  if (sa.length < 1 || sa.length > 2 || sb.length < 1 || sb.length > 2) {
    throw new ShapeError(`kron: expected vectors or matrices, got shapes (${sa.join("×")}) and (${sb.join("×")})`);
  }
  const [m, n] = sa.length === 2 ? sa : [1, sa[0]];
  const [p, q] = sb.length === 2 ? sb : [1, sb[0]];
  // Named here: the product it is built on would name mul and its broadcast shapes.
  checkTensorSize(m * p * n * q, () => `kron: (${sa.join("×")}) ⊗ (${sb.join("×")}) gives a ${m * p}×${n * q} result, which`);
  const outer4 = mul(reshape(A, [m, 1, n, 1]), reshape(B, [1, p, 1, q]));
  return reshape(outer4, sa.length === 1 && sb.length === 1 ? [n * q] : [m * p, n * q]);
}

/**
 * vec(A): the columns of A stacked into one vector (the convention of vec(ABC) = (Cᵀ ⊗ A) vec(B)).
 * @example
 * vec([[1, 3], [2, 4]]).toArray()  // [1, 2, 3, 4]
 */
export function vec(a: ArrayInput): Tensor;
export function vec(a: Input): Value;
export function vec(a: Input): Value {
  const A = toValue(a, "vec");
  const s = shapeOf(A);
  if (s.length !== 2) throw new ShapeError(`vec: expected a matrix, got shape (${s.join("×")})`);
  return reshape(transpose(A), [s[0] * s[1]]);
}

/**
 * The inverse of vec: a rows×cols matrix from its stacked columns. The shape may also be
 * given as one array, `unvec(v, [rows, cols])`.
 * @example
 * unvec([1, 2, 3, 4], 2, 2).toArray()    // [[1, 3], [2, 4]]
 * unvec([1, 2, 3, 4], [2, 2]).toArray()  // the same
 */
export function unvec(v: ArrayInput, rows: number | readonly [number, number], cols?: number): Tensor;
export function unvec(v: Input, rows: number | readonly [number, number], cols?: number): Value;
export function unvec(v: Input, rows: number | readonly [number, number], cols?: number): Value {
  const [r, c] = Array.isArray(rows) ? rows : [rows, cols];
  const x = toValue(v, "unvec");
  const shape = shapeOf(x);
  if (!Number.isInteger(r) || !Number.isInteger(c) || (r as number) < 0 || (c as number) < 0) {
    throw new ShapeError(`unvec: the matrix shape must be two whole numbers, unvec(v, rows, cols) or unvec(v, [rows, cols]); got rows = ${String(r)}, cols = ${String(c)}`);
  }
  if (shape.length !== 1 || shape[0] !== (r as number) * (c as number)) {
    throw new ShapeError(`unvec: a vector of shape (${shape.join("×")}) cannot be unstacked into a ${r}×${c} matrix (it needs ${(r as number) * (c as number)} entries)`);
  }
  return transpose(reshape(x, [c as number, r as number]));
}
