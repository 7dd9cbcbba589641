import type { NDArray } from "../../ndarray";
import { ShapeError } from "../../../errors";
import { rotateColumns } from "./eigh";
import { matrixScale } from "./scale";

/**
 * The thin singular value decomposition A = U·diag(s)·Vᵀ of an m×n matrix, k = min(m, n):
 * U is m×k and V is n×k with orthonormal columns, s descending and ≥ 0. One-sided Jacobi
 * rotations (Hestenes), which orthogonalise the columns directly — slower than
 * Golub–Kahan for large matrices but accurate to rounding, small singular values included
 * (no AᵀA is formed). Columns of U for zero singular values complete an orthonormal set.
 * @example svd(fromNested([[3, 0], [0, -2]])).s // [3, 2]
 */
export function svd(a: NDArray): { u: NDArray; s: NDArray; v: NDArray } {
  if (a.shape.length !== 2) throw new ShapeError(`svd: expected a matrix, got shape (${a.shape.join("×")})`);
  const [m, n] = a.shape;
  if (m < n) {
    // A = U S Vᵀ ⇔ Aᵀ = V S Uᵀ.
    const t = svd(transposed(a));
    return { u: t.v, s: t.s, v: t.u };
  }
  // Work on columns: W (m×n) starts as A and ends as U·S; J accumulates the rotations (V).
  // Divided by a power of two near A's largest entry, so the sums of squares neither overflow
  // nor underflow; s is multiplied back at the end.
  const unit = matrixScale(a.data);
  const W = Float64Array.from(a.data, (x) => x / unit);
  const J = new Float64Array(n * n);
  for (let i = 0; i < n; i++) J[i * n + i] = 1;
  for (let sweep = 0; sweep < 60; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        let alpha = 0;
        let beta = 0;
        let gamma = 0;
        for (let k = 0; k < m; k++) {
          const wp = W[k * n + p];
          const wq = W[k * n + q];
          alpha += wp * wp;
          beta += wq * wq;
          gamma += wp * wq;
        }
        if (gamma === 0 || Math.abs(gamma) <= 1e-15 * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = Math.sign(zeta || 1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        rotateColumns(W, m, n, p, q, c, s);
        rotateColumns(J, n, n, p, q, c, s);
      }
    }
    if (!rotated) break;
  }
  const norms = Array.from({ length: n }, (_, j) => {
    let sum = 0;
    for (let k = 0; k < m; k++) sum += W[k * n + j] ** 2;
    return Math.sqrt(sum);
  });
  if (norms.some(Number.isNaN)) {
    const nan = (rows: number, cols: number): NDArray => ({ shape: [rows, cols], data: new Float64Array(rows * cols).fill(NaN) });
    return { u: nan(m, n), s: { shape: [n], data: new Float64Array(n).fill(NaN) }, v: nan(n, n) };
  }
  const order = Array.from({ length: n }, (_, j) => j).sort((i, j) => norms[j] - norms[i]);
  const s = Float64Array.from(order, (j) => norms[j]);
  const U = new Float64Array(m * n);
  const V = new Float64Array(n * n);
  const tiny = (s[0] || 1) * m * Number.EPSILON;
  order.forEach((src, dst) => {
    // A fixed sign (largest component of v positive) makes the factors deterministic.
    let big = 0;
    for (let k = 0; k < n; k++) if (Math.abs(J[k * n + src]) > Math.abs(big)) big = J[k * n + src];
    const sign = big < 0 ? -1 : 1;
    for (let k = 0; k < n; k++) V[k * n + dst] = sign * J[k * n + src];
    if (s[dst] > tiny) for (let k = 0; k < m; k++) U[k * n + dst] = (sign * W[k * n + src]) / s[dst];
  });
  completeColumns(U, m, n, s, tiny);
  for (let j = 0; j < n; j++) s[j] *= unit;
  return { u: { shape: [m, n], data: U }, s: { shape: [n], data: s }, v: { shape: [n, n], data: V } };
}

/** Fills the columns of U whose singular value is (numerically) zero with orthonormal vectors. */
function completeColumns(U: Float64Array, m: number, n: number, s: Float64Array, tiny: number): void {
  let basis = 0;
  for (let j = 0; j < n; j++) {
    if (s[j] > tiny) continue;
    // Gram–Schmidt of the next unit vectors against the columns already set, twice for accuracy.
    for (; basis < m; basis++) {
      const col = new Float64Array(m);
      col[basis] = 1;
      for (let pass = 0; pass < 2; pass++) {
        for (let c = 0; c < n; c++) {
          if (c === j || (s[c] <= tiny && c > j)) continue;
          let dot = 0;
          for (let k = 0; k < m; k++) dot += U[k * n + c] * col[k];
          for (let k = 0; k < m; k++) col[k] -= dot * U[k * n + c];
        }
      }
      const norm = Math.hypot(...col);
      if (norm > 0.5) {
        for (let k = 0; k < m; k++) U[k * n + j] = col[k] / norm;
        basis++;
        break;
      }
    }
  }
}

function transposed(a: NDArray): NDArray {
  const [m, n] = a.shape;
  const d = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) d[j * m + i] = a.data[i * n + j];
  return { shape: [n, m], data: d };
}
