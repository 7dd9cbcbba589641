import type { NDArray } from "../../ndarray";
import { LinAlgError } from "../../../errors";
import { assertSquare } from "./lu";
import { assertSymmetric } from "./symmetric";

/**
 * The lower-triangular L with L·Lᵀ = A, for symmetric positive definite A. A matrix that
 * is not symmetric (beyond rounding) or not positive definite raises LinAlgError naming the
 * entries or the failing pivot.
 * @example cholesky(fromNested([[4, 2], [2, 3]])) // [[2, 0], [1, √2]]
 */
export function cholesky(a: NDArray): NDArray {
  const n = assertSquare(a, "cholesky");
  assertSymmetric(a, n, "cholesky");
  const A = a.data;
  // A NaN anywhere gives NaN, as eigh's does: only the lower triangle is read below, so a NaN
  // in the upper one alone gave a finite L (cholesky([[4, NaN], [1, 3]]) was [[2, 0], [0.5, 1.66]]).
  if (A.some(Number.isNaN)) return { shape: [n, n], data: new Float64Array(n * n).fill(NaN) };
  const L = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let d = A[j * n + j];
    for (let k = 0; k < j; k++) d -= L[j * n + k] * L[j * n + k];
    if (!(d > 0)) {
      if (Number.isNaN(d)) return { shape: [n, n], data: new Float64Array(n * n).fill(NaN) };
      throw new LinAlgError(`cholesky: the matrix is not positive definite (pivot ${j} is ${d.toPrecision(3)})`);
    }
    const ljj = Math.sqrt(d);
    L[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = A[i * n + j];
      for (let k = 0; k < j; k++) s -= L[i * n + k] * L[j * n + k];
      L[i * n + j] = s / ljj;
    }
  }
  return { shape: [n, n], data: L };
}
