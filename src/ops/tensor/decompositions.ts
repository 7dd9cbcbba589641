import type { Value } from "../../core/value";
import type { Primitive } from "../../core/primitive";
import type { Input } from "../../core/convert";
import { applyPrimitive } from "../../core/primitive";
import { asArray, fromArray } from "../../core/plain";
import { toValue } from "../../core/convert";
import { shapeOf } from "../../core/value";
import { add, div, mul, sub } from "../arithmetic";
import { matmul } from "./matmul";
import { reshape, transpose } from "./layout";
import { inv } from "./linalg";
import { Tensor } from "../../tensor/tensor";
import { cholesky as choleskyKernel } from "../../tensor/kernels/linalg/cholesky";
import { qr as qrKernel } from "../../tensor/kernels/linalg/qr";
import { eigh as eighKernel } from "../../tensor/kernels/linalg/eigh";

/*
 * Matrix factorisations with their derivatives (the standard results: Murray 2016 for
 * Cholesky; Walter & Lehmann for QR; the eigenvector perturbation formula for eigh). Each
 * factor is its own primitive, so each is one tape entry and nests like any other.
 */

/** A constant n×m mask: entry (i, j) is f(i, j). */
function mask(n: number, m: number, f: (i: number, j: number) => number): Tensor {
  const d = new Float64Array(n * m);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) d[i * m + j] = f(i, j);
  return new Tensor([n, m], d);
}

/** Φ(X): the lower triangle with the diagonal halved. */
const phi = (x: Value): Value => {
  const [n, m] = shapeOf(x);
  return mul(x, mask(n, m, (i, j) => (i > j ? 1 : i === j ? 0.5 : 0)));
};
/** The strictly lower triangle. */
const strictLower = (x: Value): Value => {
  const [n, m] = shapeOf(x);
  return mul(x, mask(n, m, (i, j) => (i > j ? 1 : 0)));
};
const symmetric = (x: Value): Value => mul(0.5, add(x, transpose(x)));

const choleskyPrimitive: Primitive<undefined> = {
  name: "cholesky",
  evaluate: ([a]) => fromArray(choleskyKernel(asArray(a, "cholesky"))),
  // dL = L Φ(L⁻¹ dA_sym L⁻ᵀ)
  jvp: ([da], _p, L) => {
    const Li = inv(L);
    return matmul(L, phi(matmul(matmul(Li, symmetric(da as Value)), transpose(Li))));
  },
  // Ā = sym(L⁻ᵀ Φ(Lᵀ L̄) L⁻¹)
  vjp: (g, _p, L) => {
    const Li = inv(L);
    return [symmetric(matmul(matmul(transpose(Li), phi(matmul(transpose(L), g))), Li))];
  },
};

/**
 * The Cholesky factor: lower-triangular L with L·Lᵀ = A, for symmetric positive definite A
 * (as a function of A's symmetric part). Differentiable.
 * @example
 * cholesky([[4, 2], [2, 3]]).toArray()  // [[2, 0], [1, √2]]
 */
export function cholesky(a: Input): Value {
  return applyPrimitive(choleskyPrimitive, [toValue(a, "cholesky")], undefined);
}

/** The pieces both QR rules need: X = Qᵀ dA R⁻¹, Ω = strictLower(X) − strictLower(X)ᵀ. */
function qrTangents(da: Value, a: Value): { dQ: Value; dR: Value } {
  const { Q, R } = qrFactors(a);
  const Ri = inv(R);
  const X = matmul(matmul(transpose(Q), da), Ri);
  const L = strictLower(X);
  const omega = sub(L, transpose(L));
  const dR = matmul(sub(X, omega), R);
  const dQ = add(sub(matmul(da, Ri), matmul(Q, X)), matmul(Q, omega));
  return { dQ, dR };
}

/** Q and R of a (possibly differentiable) matrix, through the two factor primitives. */
function qrFactors(a: Value): { Q: Value; R: Value } {
  return { Q: applyPrimitive(qrQPrimitive, [a], undefined), R: applyPrimitive(qrRPrimitive, [a], undefined) };
}

/** Ā = (Q̄ + Q copyltu(M)) R⁻ᵀ with M = R R̄ᵀ − Q̄ᵀ Q, for one factor's cotangent (the other zero). */
function qrCotangent(a: Value, gQ: Value | null, gR: Value | null): Value {
  const { Q, R } = qrFactors(a);
  const [m, n] = shapeOf(a);
  const zeroQ = new Tensor([m, n], new Float64Array(m * n));
  const zeroR = new Tensor([n, n], new Float64Array(n * n));
  const qbar = gQ ?? zeroQ;
  const rbar = gR ?? zeroR;
  const M = sub(matmul(R, transpose(rbar)), matmul(transpose(qbar), Q));
  const lower = add(strictLower(M), mul(M, mask(n, n, (i, j) => (i === j ? 1 : 0))));
  const copyltu = add(lower, transpose(strictLower(M)));
  return matmul(add(qbar, matmul(Q, copyltu)), transpose(inv(R)));
}

const qrQPrimitive: Primitive<undefined> = {
  name: "qrQ",
  evaluate: ([a]) => fromArray(qrKernel(asArray(a, "qr")).Q),
  jvp: ([da], [a]) => qrTangents(da as Value, a).dQ,
  vjp: (g, [a]) => [qrCotangent(a, g, null)],
};

const qrRPrimitive: Primitive<undefined> = {
  name: "qrR",
  evaluate: ([a]) => fromArray(qrKernel(asArray(a, "qr")).R),
  jvp: ([da], [a]) => qrTangents(da as Value, a).dR,
  vjp: (g, [a]) => [qrCotangent(a, null, g)],
};

/**
 * The reduced QR factorisation of an m×n matrix (m ≥ n): Q with orthonormal columns and
 * upper-triangular R with a non-negative diagonal, A = QR. Both factors are differentiable
 * (for A of full column rank).
 * @example
 * qr([[3, 0], [4, 5]]).R.toArray()  // [[5, 4], [0, 3]]
 */
export function qr(a: Input): { Q: Value; R: Value } {
  return qrFactors(toValue(a, "qr"));
}

/** F with F_ij = 1/(w_j − w_i) off the diagonal, 0 on it (from plain eigenvalues). */
function gapMatrix(w: Value): Value {
  const n = shapeOf(w)[0];
  const col = applyReshape(w, [n, 1]);
  const row = applyReshape(w, [1, n]);
  const diff = sub(row, col);
  const eye = mask(n, n, (i, j) => (i === j ? 1 : 0));
  // Add 1 on the diagonal before dividing, then mask it out: no 1/0 there.
  return mul(div(1, add(diff, eye)), sub(1, eye));
}

function applyReshape(x: Value, shape: number[]): Value {
  return reshape(x, shape);
}

const eighValuesPrimitive: Primitive<undefined> = {
  name: "eighValues",
  evaluate: ([a]) => fromArray(eighKernel(asArray(a, "eigh")).values),
  // dwᵢ = vᵢᵀ dA vᵢ
  jvp: ([da], [a]) => {
    const V = eighVectorsOf(a);
    return diagonal(matmul(matmul(transpose(V), symmetric(da as Value)), V));
  },
  vjp: (g, [a]) => {
    const V = eighVectorsOf(a);
    const n = shapeOf(g)[0];
    return [matmul(mul(V, applyReshape(g, [1, n])), transpose(V))];
  },
};

const eighVectorsPrimitive: Primitive<undefined> = {
  name: "eighVectors",
  evaluate: ([a]) => fromArray(eighKernel(asArray(a, "eigh")).vectors),
  // dV = V (F ∘ (Vᵀ dA V)), eigenvalues assumed distinct
  jvp: ([da], [a], V) => {
    const F = gapMatrix(applyPrimitive(eighValuesPrimitive, [a], undefined));
    return matmul(V, mul(F, matmul(matmul(transpose(V), symmetric(da as Value)), V)));
  },
  vjp: (g, [a], V) => {
    const F = gapMatrix(applyPrimitive(eighValuesPrimitive, [a], undefined));
    return [symmetric(matmul(matmul(V, mul(F, matmul(transpose(V), g))), transpose(V)))];
  },
};

function eighVectorsOf(a: Value): Value {
  return applyPrimitive(eighVectorsPrimitive, [a], undefined);
}

/** The diagonal of a square matrix as a vector (differentiable). */
function diagonal(m: Value): Value {
  const n = shapeOf(m)[0];
  return matmul(mul(m, mask(n, n, (i, j) => (i === j ? 1 : 0))), new Tensor([n], new Float64Array(n).fill(1)));
}

/**
 * Eigenvalues (ascending) and orthonormal eigenvectors (columns) of a symmetric matrix, as a
 * function of its symmetric part. Differentiable; eigenvector derivatives assume distinct
 * eigenvalues (at a repeated eigenvalue they are not defined).
 * @example
 * eigh([[2, 1], [1, 2]]).values.toArray()  // [1, 3]
 */
export function eigh(a: Input): { values: Value; vectors: Value } {
  const v = toValue(a, "eigh");
  return { values: applyPrimitive(eighValuesPrimitive, [v], undefined), vectors: eighVectorsOf(v) };
}
