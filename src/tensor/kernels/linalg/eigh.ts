import type { NDArray } from "../../ndarray";
import { assertSquare } from "./lu";
import { assertSymmetric } from "./symmetric";
import { matrixScale } from "./scale";

/**
 * Eigenvalues (ascending) and orthonormal eigenvectors (as columns) of a symmetric matrix,
 * by cyclic Jacobi rotations — slow for large n but accurate to rounding. A matrix that is
 * not symmetric (beyond rounding) raises LinAlgError.
 * @example eigh(fromNested([[2, 1], [1, 2]])).values // [1, 3]
 */
export function eigh(a: NDArray): { values: NDArray; vectors: NDArray } {
  const n = assertSquare(a, "eigh");
  assertSymmetric(a, n, "eigh");
  // Divided by a power of two near its largest entry, so the squares below neither overflow nor underflow.
  const unit = matrixScale(a.data);
  const A = Float64Array.from(a.data, (x) => x / unit);
  let scale = 0;
  for (const x of A) scale = Math.max(scale, Math.abs(x));
  const V = new Float64Array(n * n);
  for (let i = 0; i < n; i++) V[i * n + i] = 1;
  // A NaN anywhere, or an infinite entry off the diagonal, leaves no rotation to make: the
  // sweeps stopped at once and gave [[1, NaN], [NaN, 1]] the eigenvalues [1, 1] and the
  // vectors I. The answer is NaN, as NumPy's and JAX's.
  let undefinedEntry = false;
  for (let p = 0; p < n; p++) {
    for (let q = 0; q < n; q++) if (Number.isNaN(A[p * n + q]) || (p !== q && !Number.isFinite(A[p * n + q]))) undefinedEntry = true;
  }
  if (undefinedEntry) {
    return { values: { shape: [n], data: new Float64Array(n).fill(NaN) }, vectors: { shape: [n, n], data: new Float64Array(n * n).fill(NaN) } };
  }
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += A[p * n + q] ** 2;
    if (off <= 1e-30 * Math.max(1, scale * scale) || Number.isNaN(off)) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = A[p * n + q];
        if (apq === 0) continue;
        const theta = (A[q * n + q] - A[p * n + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        rotateColumns(A, n, n, p, q, c, s);
        for (let k = 0; k < n; k++) {
          const apk = A[p * n + k];
          const aqk = A[q * n + k];
          A[p * n + k] = c * apk - s * aqk;
          A[q * n + k] = s * apk + c * aqk;
        }
        rotateColumns(V, n, n, p, q, c, s);
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => A[i * n + i] - A[j * n + j]);
  const values = Float64Array.from(order, (i) => A[i * n + i] * unit);
  const vectors = new Float64Array(n * n);
  order.forEach((src, dst) => {
    // A fixed sign (largest component positive) makes the eigenvectors deterministic.
    let big = 0;
    for (let k = 0; k < n; k++) if (Math.abs(V[k * n + src]) > Math.abs(big)) big = V[k * n + src];
    const sign = big < 0 ? -1 : 1;
    for (let k = 0; k < n; k++) vectors[k * n + dst] = sign * V[k * n + src];
  });
  return { values: { shape: [n], data: values }, vectors: { shape: [n, n], data: vectors } };
}

/** Columns p and q of a rows×cols matrix (row-major) turned by the rotation [[c, s], [−s, c]]. */
export function rotateColumns(M: Float64Array, rows: number, cols: number, p: number, q: number, c: number, s: number): void {
  for (let k = 0; k < rows; k++) {
    const mp = M[k * cols + p];
    const mq = M[k * cols + q];
    M[k * cols + p] = c * mp - s * mq;
    M[k * cols + q] = s * mp + c * mq;
  }
}
