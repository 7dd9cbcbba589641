import type { NDArray } from "../../ndarray";
import { ShapeError } from "../../../errors";
import { shapeInParens } from "../../shape";
import { matrixScale } from "./scale";

/**
 * The reduced QR factorisation of an m×n matrix with m ≥ n, by Householder reflections:
 * Q is m×n with orthonormal columns, R is n×n upper triangular, A = QR. Signs are fixed so
 * that R has a non-negative diagonal (which makes the factorisation unique and smooth).
 * @example qr(fromNested([[3, 0], [4, 5]])).R // [[5, 4], [0, 3]]
 */
export function qr(a: NDArray): { Q: NDArray; R: NDArray } {
  if (a.shape.length !== 2 || a.shape[0] < a.shape[1]) {
    throw new ShapeError(`qr: expected an m×n matrix with m ≥ n, got shape ${shapeInParens(a.shape)}`);
  }
  const [m, n] = a.shape;
  // Divided by a power of two near A's largest entry, so the column norms neither overflow nor
  // underflow; R is multiplied back at the end.
  const unit = matrixScale(a.data);
  const R = Float64Array.from(a.data, (x) => x / unit);
  const vs: Float64Array[] = [];
  for (let k = 0; k < n; k++) {
    let norm = 0;
    for (let i = k; i < m; i++) norm += R[i * n + k] ** 2;
    norm = Math.sqrt(norm);
    const v = new Float64Array(m);
    const alpha = R[k * n + k] > 0 ? -norm : norm;
    for (let i = k; i < m; i++) v[i] = R[i * n + k];
    v[k] -= alpha;
    let vnorm = 0;
    for (let i = k; i < m; i++) vnorm += v[i] * v[i];
    // A NaN in the column makes vnorm NaN: reflect anyway, so the NaN reaches R (skipping the
    // reflection left R with A's own entries, finite, beside a NaN Q).
    if (vnorm > 0 || Number.isNaN(vnorm)) {
      for (let j = k; j < n; j++) {
        let s = 0;
        for (let i = k; i < m; i++) s += v[i] * R[i * n + j];
        const f = (2 * s) / vnorm;
        for (let i = k; i < m; i++) R[i * n + j] -= f * v[i];
      }
    }
    vs.push(vnorm > 0 ? v.map((x) => x / Math.sqrt(vnorm)) : v);
  }
  // Q = H₀ H₁ … applied to the first n columns of the identity.
  const Q = new Float64Array(m * n);
  for (let j = 0; j < n; j++) Q[j * n + j] = 1;
  for (let k = n - 1; k >= 0; k--) {
    const v = vs[k];
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let i = k; i < m; i++) s += v[i] * Q[i * n + j];
      for (let i = k; i < m; i++) Q[i * n + j] -= 2 * s * v[i];
    }
  }
  const Rn = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const sign = R[i * n + i] < 0 ? -1 : 1;
    for (let j = i; j < n; j++) Rn[i * n + j] = sign * R[i * n + j] * unit;
    for (let r = 0; r < m; r++) Q[r * n + i] *= sign;
  }
  return { Q: { shape: [m, n], data: Q }, R: { shape: [n, n], data: Rn } };
}
