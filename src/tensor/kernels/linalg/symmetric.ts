import type { NDArray } from "../../ndarray";
import { LinAlgError } from "../../../errors";

/**
 * Raises LinAlgError, naming the first pair of entries that differ, when the n×n matrix is
 * not symmetric beyond rounding (relative to its largest entry). NaN entries pass, so NaN
 * propagates. For the decompositions defined on symmetric matrices only (eigh, cholesky):
 * reading one triangle of a matrix that is not symmetric would answer a different question.
 */
export function assertSymmetric(a: NDArray, n: number, name: string): void {
  const A = a.data;
  let scale = 0;
  for (const x of A) scale = Math.max(scale, Math.abs(x));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      // Relative to the largest entry only: with max(1, scale), 1e-12·[[2, 1], [0, 2]] passed
      // and its lower triangle was read (eigh gave 2e-12 ± 2.3e-20, not an error).
      if (Math.abs(A[i * n + j] - A[j * n + i]) > 1e-10 * scale) {
        throw new LinAlgError(`${name}: the matrix is not symmetric (entries (${i}, ${j}) and (${j}, ${i}) differ)`);
      }
    }
  }
}
