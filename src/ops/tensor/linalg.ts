import type { Value } from "../../core/value";
import type { Primitive } from "../../core/primitive";
import type { ArrayInput, Input } from "../../core/convert";
import { applyPrimitive } from "../../core/primitive";
import { asArray, fromArray } from "../../core/plain";
import { toValue } from "../../core/convert";
import { isAD, primalOf, shapeOf } from "../../core/value";
import { mul, neg, sub } from "../arithmetic";
import { strongZeroProduct } from "../../core/strong-zero-product";
import { matmul, outer } from "./matmul";
import { transpose } from "./layout";
import { sum } from "./reduce";
import { diag } from "./diag";
import * as lu from "../../tensor/kernels/linalg/lu";
import { LinAlgError, ShapeError, underName } from "../../errors";
import { shapeInParens } from "../../tensor/shape";
import { Tensor } from "../../tensor/tensor";
import { pack } from "../pack";

/*
 * Linear algebra with the differentials of the matrix-calculus course:
 * d(A⁻¹) = −A⁻¹ dA A⁻¹, d det A = det A · tr(A⁻¹ dA), d log det A = tr(A⁻¹ dA),
 * d(A⁻¹b) = A⁻¹(db − dA x).
 */

/**
 * tr(Mᵀ N) = Σ M∘N: the pairing that turns a matrix gradient M into a differential along the
 * tangent N, each product with a strong zero (core/strong-zero-product.ts), as reverse mode's.
 */
const pairing = (m: Value, n: Value): Value => sum(strongZeroProduct(n, m));

const invPrimitive: Primitive<undefined> = {
  name: "inv",
  evaluate: ([a]) => fromArray(lu.inv(asArray(a, "inv"))),
  jvp: ([da], _p, out) => neg(matmul(matmul(out, da as Value), out)),
  vjp: (g, _p, out) => {
    const outT = transpose(out);
    return [neg(matmul(matmul(outT, g), outT))];
  },
};

const detPrimitive: Primitive<undefined> = {
  name: "det",
  evaluate: ([a]) => lu.det(asArray(a, "det")),
  jvp: ([da], [a], out) => pairing(cofactor(a, out), da as Value),
  vjp: (g, [a], out) => [strongZeroProduct(g, cofactor(a, out))],
};

/**
 * The cofactor matrix of A, which is ∂ det A/∂A: det(A)·A⁻ᵀ when A is invertible, and from
 * the minors, C_ij = (−1)^(i+j) det A_(ij), when it is not — det is a polynomial, so its
 * derivative is finite at singular matrices too ([[1, 2], [2, 4]] gives [[4, −2], [−2, 1]]).
 * Where det A overflows or underflows (A = 10²⁰⁰·I: det is ∞ and det·A⁻ᵀ gave ∞ and NaN,
 * 10⁻²⁰⁰·I gave 0, for a cofactor matrix of 10^±200·I), it is c^(n−1)·det(A/c)·(A/c)⁻ᵀ with
 * the constant c = |det A|^(1/n), so that |det(A/c)| = 1: the same function of A, in range.
 * Written with runtime operations, so it differentiates again (Hessians of det).
 */
function cofactor(a: Value, detA: Value): Value {
  const n = shapeOf(a)[0];
  if (n === 1) return new Tensor([1, 1], Float64Array.of(1));
  if (lu.luFactor(asArray(primalOf(a), "det"), "det").singularAt < 0) {
    const d = Math.abs(primalOf(detA) as number);
    if (d >= 1e-250 && d <= 1e250) return mul(detA, transpose(inv(a)));
    const c = Math.exp(lu.slogdet(asArray(primalOf(a), "det")).logAbsDet / n);
    const scaled = mul(a, 1 / c);
    return mul(c ** (n - 1), mul(det(scaled), transpose(inv(scaled))));
  }
  const entries: Value[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const minor = matmul(matmul(dropRow(n, i), a), transpose(dropRow(n, j)));
      const d = det(minor);
      entries.push((i + j) % 2 === 0 ? d : neg(d));
    }
  }
  return pack(entries, [n, n]);
}

/** The (n−1)×n matrix that removes row k from an n×n matrix when multiplied on the left. */
function dropRow(n: number, k: number): Tensor {
  const d = new Float64Array((n - 1) * n);
  for (let r = 0; r < n - 1; r++) d[r * n + (r < k ? r : r + 1)] = 1;
  return new Tensor([n - 1, n], d);
}

const logdetPrimitive: Primitive<undefined> = {
  name: "logdet",
  evaluate: ([a]) => {
    const { sign, logAbsDet } = lu.slogdet(asArray(a, "logdet"));
    // A NaN entry gives a NaN log|det| with a sign of ±1 (the pivots' comparisons are
    // false): NaN propagates, as through det and inv; it was "the determinant is negative".
    if (Number.isNaN(logAbsDet)) return NaN;
    if (sign <= 0) {
      throw new LinAlgError(
        `logdet: the determinant is ${sign === 0 ? "zero" : "negative"}, so its logarithm is not real; use slogdet for the sign and log|det|`,
      );
    }
    return logAbsDet;
  },
  jvp: ([da], [a]) => pairing(transpose(inv(a)), da as Value),
  vjp: (g, [a]) => [strongZeroProduct(g, transpose(inv(a)))],
};

const solvePrimitive: Primitive<undefined> = {
  name: "solve",
  evaluate: ([a, b]) => fromArray(lu.solve(asArray(a, "solve"), asArray(b, "solve"))),
  jvp: ([da, db], [a], x) => {
    let rhs: Value | null = db;
    if (da !== null) rhs = rhs === null ? neg(matmul(da, x)) : sub(rhs, matmul(da, x));
    return solve(a, rhs as Value);
  },
  vjp: (g, [a], x, _p, needs) => {
    const gb = solve(transpose(a), g);
    const ga = needs[0] ? neg(shapeOf(x).length === 1 ? outer(gb, x) : matmul(gb, transpose(x))) : null;
    return [ga, needs[1] ? gb : null];
  },
};

const tracePrimitive: Primitive<undefined> = {
  name: "trace",
  evaluate: ([a]) => {
    const m = asArray(a, "trace");
    lu.assertSquare(m, "trace");
    let t = 0;
    for (let i = 0; i < m.shape[0]; i++) t += m.data[i * m.shape[0] + i];
    return t;
  },
  jvp: ([da]) => trace(da as Value),
  vjp: (g, [a]) => {
    const n = shapeOf(a)[0];
    const eye = new Float64Array(n * n);
    for (let i = 0; i < n; i++) eye[i * n + i] = 1;
    // A strong zero: an infinite cotangent (√ of a trace of 0) reaches the diagonal only, as the
    // tangent of an entry off it, 0, reaches nothing in forward mode.
    return [strongZeroProduct(g, new Tensor([n, n], eye))];
  },
};

/**
 * The inverse matrix A⁻¹ (singular matrices raise LinAlgError). Prefer solve(A, b) to
 * inv(A)·b: it is cheaper and more accurate.
 * @example
 * inv([[2, 0], [0, 4]]).toArray()  // [[0.5, 0], [0, 0.25]]
 */
export function inv(a: Tensor | number[][]): Tensor;
export function inv(a: Input): Value;
export function inv(a: Input): Value {
  return applyPrimitive(invPrimitive, [toValue(a, "inv")], undefined);
}

/**
 * The determinant; its gradient is the cofactor matrix, det(A)·A⁻ᵀ for invertible A (and
 * finite at singular A too: grad(det)([[1, 2], [2, 4]]) is [[4, −2], [−2, 1]]).
 * @example
 * det([[1, 2], [3, 4]])  // -2
 */
export function det(a: ArrayInput): number;
export function det(a: Input): Value;
export function det(a: Input): Value {
  return applyPrimitive(detPrimitive, [toValue(a, "det")], undefined);
}

/**
 * log det A for a matrix with positive determinant, computed from an LU factorisation
 * (no overflow); its gradient is A⁻ᵀ.
 * @example
 * logdet([[2, 0], [0, 3]])  // log 6
 */
export function logdet(a: ArrayInput): number;
export function logdet(a: Input): Value;
export function logdet(a: Input): Value {
  return underName("logdet", ["slogdet"], () => applyPrimitive(logdetPrimitive, [toValue(a, "logdet")], undefined));
}

/**
 * The sign and log|det A| (differentiable in the second part), stable for large matrices.
 * At a singular matrix log|det| is −∞ (sign 0); differentiating it there is a LinAlgError.
 * @example
 * slogdet([[0, 1], [1, 0]])  // { sign: -1, logAbsDet: 0 }
 */
export function slogdet(a: ArrayInput): { sign: number; logAbsDet: number };
export function slogdet(a: Input): { sign: number; logAbsDet: Value };
export function slogdet(a: Input): { sign: number; logAbsDet: Value } {
  const v = toValue(a, "slogdet");
  const p = primalOf(v);
  const { sign } = lu.slogdet(asArray(p, "slogdet"));
  if (sign === 0 && isAD(v)) {
    // log|det| is −∞ here and its derivative, adj(A)ᵀ/det A, infinite: the plain −∞ dropped
    // the derivative and the gradient came out 0.
    throw new LinAlgError(
      `slogdet: the matrix is singular, so log|det| is −∞ and has no derivative there (det, whose gradient is the cofactor matrix, is differentiable at singular matrices)`,
    );
  }
  // Negating one row flips the sign of det and keeps |det|, so logdet applies.
  const logAbsDet = sign === 0 ? -Infinity : logdet(sign < 0 ? flipRow(v) : v);
  // A NaN entry gave sign 1 beside a NaN log|det|, a sign read from nothing; NaN, as NumPy's.
  const unknown = (p as Tensor).data.some(Number.isNaN);
  return { sign: unknown ? NaN : sign, logAbsDet };
}

/** A with its first row negated: same |det|, opposite sign. */
function flipRow(a: Value): Value {
  const n = shapeOf(a)[0];
  const d = new Float64Array(n * n).fill(1);
  for (let j = 0; j < n; j++) d[j] = -1;
  return mul(a, new Tensor([n, n], d));
}

/**
 * The solution x of A x = b (b a vector or a matrix of right-hand sides), by LU with
 * partial pivoting; singular A raises LinAlgError.
 * @example
 * solve([[2, 0], [0, 4]], [2, 4]).toArray()  // [1, 1]
 */
export function solve(a: Tensor | number[][], b: Tensor | number[] | number[][]): Tensor;
export function solve(a: Input, b: Input): Value;
export function solve(a: Input, b: Input): Value {
  return applyPrimitive(solvePrimitive, [toValue(a, "solve"), toValue(b, "solve")], undefined);
}

/**
 * The trace, the sum of the diagonal; its gradient is the identity. With an offset k, the
 * sum of the k-th diagonal (above the main one for k > 0), as NumPy's trace(a, k).
 * @example
 * trace([[1, 2], [3, 4]])     // 5
 * trace([[1, 2], [3, 4]], 1)  // 2
 */
export function trace(a: ArrayInput, k?: number): number;
export function trace(a: Input, k?: number): Value;
export function trace(a: Input, k = 0): Value {
  // The offset was ignored: trace(A, 1) gave the main diagonal's sum.
  if (k !== 0) {
    const v = toValue(a, "trace");
    const s = shapeOf(v);
    // A non-square matrix is trace's error to report, as without an offset (it named diag).
    if (s.length !== 2 || s[0] !== s[1]) throw new ShapeError(`trace: expected a square matrix, got shape ${shapeInParens(s)}`);
    return sum(diag(v, k));
  }
  return applyPrimitive(tracePrimitive, [toValue(a, "trace")], undefined);
}

