/**
 * A power of two near the largest |entry| of a matrix (1 if every entry is 0 or one is not
 * finite). The factorisations that sum squares of entries — Jacobi rotations (eigh, svd) and
 * Householder norms (qr) — work on the matrix divided by it: squares of entries near 1e160
 * overflowed to ∞ and those near 1e-170 underflowed to 0, which gave svd singular values ∞
 * or 0, eigh the diagonal as its eigenvalues, qr NaN. A power of two divides exactly, so
 * every matrix of ordinary size gives the same bits as before.
 * @example matrixScale(new Float64Array([3e200, -1])) // 2⁶⁶⁶ ≈ 1.5e200
 */
export function matrixScale(data: Float64Array): number {
  let largest = 0;
  for (const x of data) largest = Math.max(largest, Math.abs(x));
  if (largest === 0 || !Number.isFinite(largest)) return 1;
  // 2^floor(log2 largest), built in two halves so that neither overflows nor underflows
  // (log2 of the largest double rounds up to 1024, hence the bound).
  const e = Math.min(1023, Math.floor(Math.log2(largest)));
  return 2 ** Math.trunc(e / 2) * 2 ** (e - Math.trunc(e / 2));
}
