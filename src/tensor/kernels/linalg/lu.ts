import type { NDArray } from "../../ndarray";
import { LinAlgError, ShapeError } from "../../../errors";
import { shapeInParens } from "../../shape";

/** An LU factorisation with partial pivoting: P·A = L·U packed in one matrix. */
export interface LU {
  readonly n: number;
  readonly lu: Float64Array;
  readonly pivots: Int32Array;
  /** +1 or −1: the sign of the row permutation. */
  readonly parity: number;
  /** Index of the first zero pivot, or −1. */
  readonly singularAt: number;
}

export function assertSquare(a: NDArray, opName: string): number {
  if (a.shape.length !== 2 || a.shape[0] !== a.shape[1]) {
    throw new ShapeError(`${opName}: expected a square matrix, got shape ${shapeInParens(a.shape)}`);
  }
  return a.shape[0];
}

/** Factorises a square matrix (Doolittle with partial pivoting). */
export function luFactor(a: NDArray, opName: string): LU {
  const n = assertSquare(a, opName);
  const lu = Float64Array.from(a.data);
  const pivots = new Int32Array(n);
  let parity = 1;
  let singularAt = -1;
  for (let c = 0; c < n; c++) {
    let p = c;
    let best = Math.abs(lu[c * n + c]);
    for (let r = c + 1; r < n; r++) {
      const v = Math.abs(lu[r * n + c]);
      if (v > best) {
        best = v;
        p = r;
      }
    }
    pivots[c] = p;
    if (p !== c) {
      parity = -parity;
      for (let j = 0; j < n; j++) {
        const t = lu[c * n + j];
        lu[c * n + j] = lu[p * n + j];
        lu[p * n + j] = t;
      }
    }
    const pivot = lu[c * n + c];
    if (pivot === 0) {
      if (singularAt < 0) singularAt = c;
      continue;
    }
    for (let r = c + 1; r < n; r++) {
      const f = (lu[r * n + c] /= pivot);
      if (f === 0) continue;
      for (let j = c + 1; j < n; j++) lu[r * n + j] -= f * lu[c * n + j];
    }
  }
  return { n, lu, pivots, parity, singularAt };
}

/** Solves A X = B from A's factorisation; B is n or n×k. */
export function luSolve(f: LU, b: NDArray, opName: string): NDArray {
  const { n, lu, pivots } = f;
  if (b.shape[0] !== n || b.shape.length > 2 || b.shape.length === 0) {
    throw new ShapeError(`${opName}: (${n}×${n}) matrix and right-hand side ${shapeInParens(b.shape)} do not fit`);
  }
  if (f.singularAt >= 0) throw new LinAlgError(`${opName}: matrix is singular (pivot 0 at column ${f.singularAt})`);
  const k = b.shape.length === 2 ? b.shape[1] : 1;
  const x = Float64Array.from(b.data);
  for (let c = 0; c < n; c++) {
    const p = pivots[c];
    if (p !== c) for (let j = 0; j < k; j++) [x[c * k + j], x[p * k + j]] = [x[p * k + j], x[c * k + j]];
  }
  for (let j = 0; j < k; j++) {
    for (let r = 1; r < n; r++) {
      let s = x[r * k + j];
      for (let c = 0; c < r; c++) s -= lu[r * n + c] * x[c * k + j];
      x[r * k + j] = s;
    }
    for (let r = n - 1; r >= 0; r--) {
      let s = x[r * k + j];
      for (let c = r + 1; c < n; c++) s -= lu[r * n + c] * x[c * k + j];
      x[r * k + j] = s / lu[r * n + r];
    }
  }
  return { shape: [...b.shape], data: x };
}

/** A⁻¹ B. @example solve(fromNested([[2, 0], [0, 4]]), fromNested([2, 4])) // [1, 1] */
export function solve(a: NDArray, b: NDArray): NDArray {
  return luSolve(luFactor(a, "solve"), b, "solve");
}

/** A⁻¹. Singular matrices raise LinAlgError. */
export function inv(a: NDArray): NDArray {
  const n = assertSquare(a, "inv");
  const eye = new Float64Array(n * n);
  for (let i = 0; i < n; i++) eye[i * n + i] = 1;
  return luSolve(luFactor(a, "inv"), { shape: [n, n], data: eye }, "inv");
}

/** sign(det A) and log|det A|, without overflow for large matrices. */
export function slogdet(a: NDArray): { sign: number; logAbsDet: number } {
  const f = luFactor(a, "slogdet");
  if (f.singularAt >= 0) return { sign: 0, logAbsDet: -Infinity };
  let sign = f.parity;
  let logAbsDet = 0;
  for (let i = 0; i < f.n; i++) {
    const d = f.lu[i * f.n + i];
    if (d < 0) sign = -sign;
    logAbsDet += Math.log(Math.abs(d));
  }
  return { sign, logAbsDet };
}

/** det A. @example det(fromNested([[1, 2], [3, 4]])) // -2 */
export function det(a: NDArray): number {
  const f = luFactor(a, "det");
  let d = f.parity;
  for (let i = 0; i < f.n; i++) d *= f.lu[i * f.n + i];
  return d;
}
