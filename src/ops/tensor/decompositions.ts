import type { Value } from "../../core/value";
import type { Primitive } from "../../core/primitive";
import type { ArrayInput, Input } from "../../core/convert";
import { applyPrimitive } from "../../core/primitive";
import { asArray, fromArray } from "../../core/plain";
import { toValue } from "../../core/convert";
import { primalOf, shapeOf } from "../../core/value";
import { add, div, mul, sub } from "../arithmetic";
import { matmul } from "./matmul";
import { reshape, transpose } from "./layout";
import { inv } from "./linalg";
import { Tensor } from "../../tensor/tensor";
import { cholesky as choleskyKernel } from "../../tensor/kernels/linalg/cholesky";
import { qr as qrKernel } from "../../tensor/kernels/linalg/qr";
import { eigh as eighKernel } from "../../tensor/kernels/linalg/eigh";
import { svd as svdKernel } from "../../tensor/kernels/linalg/svd";
import { LinAlgError, ShapeError } from "../../errors";

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
export function cholesky(a: Tensor | number[][]): Tensor;
export function cholesky(a: Input): Value;
export function cholesky(a: Input): Value {
  return applyPrimitive(choleskyPrimitive, [toValue(a, "cholesky")], undefined);
}

/**
 * R⁻¹ for the QR derivatives, which exist only for A of full column rank. A rank-deficient
 * A has a zero on R's diagonal, and the error named inv, a function the user never called.
 */
function invertR(R: Value, a: Value): Value {
  const r = primalOf(R) as Tensor;
  const n = r.shape[0];
  for (let k = 0; k < n; k++) {
    if (r.data[k * n + k] === 0) {
      throw new LinAlgError(
        `qr: the ${shapeOf(a).join("×")} matrix does not have full column rank (R[${k}][${k}] = 0), so Q and R have no derivative there`,
      );
    }
  }
  return inv(R);
}

/** The pieces both QR rules need: X = Qᵀ dA R⁻¹, Ω = strictLower(X) − strictLower(X)ᵀ. */
function qrTangents(da: Value, a: Value): { dQ: Value; dR: Value } {
  const { Q, R } = qrFactors(a);
  const Ri = invertR(R, a);
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
  return matmul(add(qbar, matmul(Q, copyltu)), transpose(invertR(R, a)));
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
export function qr(a: ArrayInput): { Q: Tensor; R: Tensor };
export function qr(a: Input): { Q: Value; R: Value };
export function qr(a: Input): { Q: Value; R: Value } {
  return qrFactors(toValue(a, "qr"));
}

/**
 * Two values count as one repeated eigenvalue (or singular value) when they differ by less
 * than this fraction of the largest: the factorisation computes a double eigenvalue as two
 * values some ulps apart ([[2, 1, 1], [1, 2, 1], [1, 1, 2]] gives 1 ∓ 2e-16), and 1/gap of
 * that is rounding noise times 10¹⁶.
 */
const REPEATED = 1e-12;

/** The gap below which two of the values w count as one: REPEATED of the largest finite |wᵢ|. */
function repeatedTolerance(w: Value): { values: Float64Array; tol: number } {
  const values = (primalOf(w) as Tensor).data;
  let scale = 0;
  // An infinite value ([[∞, 0], [0, 1]] has one) would make every finite pair "equal".
  for (const x of values) if (Number.isFinite(x)) scale = Math.max(scale, Math.abs(x));
  return { values, tol: REPEATED * scale };
}

/**
 * F with F_ij = 1/(w_j − w_i) off the diagonal (from w's values), and 0 on the diagonal and
 * wherever w_i and w_j are one repeated value. There the vectors within the eigenspace are
 * not unique and have no derivative; taking none (the eigenspace's basis held fixed, as
 * TensorFlow does) keeps the derivatives that exist exact — of the other vectors, and of
 * anything that depends on the eigenspace alone, such as its projector VVᵀ — where 1/0
 * made every entry of the gradient NaN (eigh of the identity, the top eigenvector of
 * diag(1, 1, 5)).
 */
function gapMatrix(w: Value): Value {
  const n = shapeOf(w)[0];
  const col = applyReshape(w, [n, 1]);
  const row = applyReshape(w, [1, n]);
  const diff = sub(row, col);
  const { values: p, tol } = repeatedTolerance(w);
  const skip = mask(n, n, (i, j) => (i === j || Math.abs(p[j] - p[i]) <= tol ? 1 : 0));
  // Add 1 where skipped before dividing, then mask it out: no 1/0 there.
  return mul(div(1, add(diff, skip)), sub(1, skip));
}

/**
 * G with G_ij = 1/(s_j + s_i) off the diagonal (the SVD's rotations shared by U and V), 0 on
 * it and between two zero singular values: a repeated value too, whose vectors may rotate
 * freely (1/0 there made the whole gradient NaN at a matrix of rank n − 2).
 */
function sumMatrix(s: Value): Value {
  const n = shapeOf(s)[0];
  const { values: p, tol } = repeatedTolerance(s);
  const skip = mask(n, n, (i, j) => (i === j || Math.abs(p[j] + p[i]) <= tol ? 1 : 0));
  const total = add(applyReshape(s, [1, n]), applyReshape(s, [n, 1]));
  return mul(div(1, add(total, skip)), sub(1, skip));
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
  // dV = V (F ∘ (Vᵀ dA V)); F is 0 between equal eigenvalues (gapMatrix)
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
 * function of its symmetric part. Differentiable. At a repeated eigenvalue the vectors of its
 * eigenspace are not unique and have no derivative; the basis of the eigenspace is taken as
 * fixed, so the eigenvalues, the other eigenvectors and the eigenspace's projector VVᵀ are
 * differentiated exactly (grad of the top eigenvector of diag(1, 1, 5) is finite).
 * @example
 * eigh([[2, 1], [1, 2]]).values.toArray()  // [1, 3]
 */
export function eigh(a: ArrayInput): { values: Tensor; vectors: Tensor };
export function eigh(a: Input): { values: Value; vectors: Value };
export function eigh(a: Input): { values: Value; vectors: Value } {
  const v = toValue(a, "eigh");
  return { values: applyPrimitive(eighValuesPrimitive, [v], undefined), vectors: eighVectorsOf(v) };
}

/*
 * The SVD A = U·diag(s)·Vᵀ (thin; m ≥ n here, the other case by transposing) with the
 * derivatives of Townsend, "Differentiating the singular value decomposition" (2016):
 *   dP = Uᵀ dA V,  ds = diag(dP),  F_ij = 1/(s_j² − s_i²) off the diagonal,
 *   dU = U (F ∘ (dP S + S dPᵀ)) + (I − UUᵀ) dA V S⁻¹,  dV = V (F ∘ (S dP + dPᵀ S)),
 * with F split as in svdRotations so that a repeated singular value costs only the rotation
 * within its singular subspaces. Singular values are differentiable wherever A is; the
 * vectors of a zero singular value are not (they may flip or turn), and are held fixed so
 * that the others keep their derivatives.
 */

const svdS: Primitive<undefined> = {
  name: "svdValues",
  evaluate: ([a]) => fromArray(svdKernel(asArray(a, "svd")).s),
  jvp: ([da], [a]) => diagonal(matmul(matmul(transpose(svdU(a)), da as Value), svdV(a))),
  // Ā = U diag(s̄) Vᵀ
  vjp: (g, [a]) => [matmul(scaleColumns(svdU(a), g), transpose(svdV(a)))],
};

/**
 * The rotation both factors' derivatives share, with dP = Uᵀ dA V: F ∘ (dP S + S dPᵀ), whose
 * entry (dP_ij s_j + s_i dP_ji)/(s_j² − s_i²) splits as
 *   ½ (dP + dPᵀ)_ij/(s_j − s_i) + ½ (dP − dPᵀ)_ij/(s_j + s_i)
 * (V's has the second term negated). Only the first part blows up at a repeated singular
 * value, and only it is dropped there (gapMatrix): with the 1/(s_j² − s_i²) form the whole
 * entry was NaN, so the polar factor UVᵀ of 2·I, differentiable, had a NaN gradient.
 */
function svdRotations(dP: Value, s: Value): { sym: Value; skew: Value } {
  return {
    sym: mul(0.5, mul(gapMatrix(s), add(dP, transpose(dP)))),
    skew: mul(0.5, mul(sumMatrix(s), sub(dP, transpose(dP)))),
  };
}

const svdUPrimitive: Primitive<undefined> = {
  name: "svdU",
  evaluate: ([a]) => fromArray(svdKernel(asArray(a, "svd")).u),
  // dU = U (sym + skew) + (I − UUᵀ) dA V S⁻¹
  jvp: ([da], [a], U) => {
    const s = svdValuesOf(a);
    const V = svdV(a);
    const dAV = matmul(da as Value, V);
    const dP = matmul(transpose(U), dAV);
    const { sym, skew } = svdRotations(dP, s);
    const inside = matmul(U, add(sym, skew));
    return isSquare(U) ? inside : add(inside, divideColumns(sub(dAV, matmul(U, dP)), s));
  },
  // The transpose of the above, M = UᵀŪ: Ā = U [½(F⁻ + F⁺) ∘ (M − Mᵀ)] Vᵀ + (I − UUᵀ) Ū S⁻¹ Vᵀ
  vjp: (g, [a], U) => {
    const s = svdValuesOf(a);
    const V = svdV(a);
    const UtG = matmul(transpose(U), g);
    const antisym = sub(UtG, transpose(UtG));
    const core = mul(0.5, mul(add(gapMatrix(s), sumMatrix(s)), antisym));
    if (isSquare(U)) return [matmul(matmul(U, core), transpose(V))];
    const outside = divideColumns(sub(g, matmul(U, UtG)), s);
    return [matmul(add(matmul(U, core), outside), transpose(V))];
  },
};

const svdVPrimitive: Primitive<undefined> = {
  name: "svdV",
  evaluate: ([a]) => fromArray(svdKernel(asArray(a, "svd")).v),
  // dV = V (sym − skew)
  jvp: ([da], [a], V) => {
    const s = svdValuesOf(a);
    const dP = matmul(matmul(transpose(svdU(a)), da as Value), V);
    const { sym, skew } = svdRotations(dP, s);
    return matmul(V, sub(sym, skew));
  },
  // N = VᵀV̄: Ā = U [½(F⁻ − F⁺) ∘ (N − Nᵀ)] Vᵀ
  vjp: (g, [a], V) => {
    const s = svdValuesOf(a);
    const VtG = matmul(transpose(V), g);
    const core = mul(0.5, mul(sub(gapMatrix(s), sumMatrix(s)), sub(VtG, transpose(VtG))));
    return [matmul(matmul(svdU(a), core), transpose(V))];
  },
};

/**
 * U is square when A is: then I − UUᵀ = 0 and U's derivative has no term outside U's span.
 * Computed, that term is rounding noise over s, and 0/0 = NaN at a zero singular value: the
 * whole gradient of U was NaN for a square singular matrix (a covariance of few samples),
 * where U's other columns are differentiable.
 */
const isSquare = (U: Value): boolean => shapeOf(U)[0] === shapeOf(U)[1];

const svdValuesOf = (a: Value): Value => applyPrimitive(svdS, [a], undefined);
const svdU = (a: Value): Value => applyPrimitive(svdUPrimitive, [a], undefined);
const svdV = (a: Value): Value => applyPrimitive(svdVPrimitive, [a], undefined);

/** X·diag(s): column j times s_j. */
const scaleColumns = (x: Value, s: Value): Value => mul(x, applyReshape(s, [1, shapeOf(s)[0]]));
/**
 * X·diag(s)⁻¹ for U's term outside its span, with the columns of zero singular values set to
 * 0: their vectors have no derivative (any unit vector orthogonal to the rest will do) and
 * are held fixed, as at repeated values. Dividing by 0 there made all of U's gradient NaN
 * for a tall matrix of deficient rank, u₁'s too.
 */
function divideColumns(x: Value, s: Value): Value {
  const k = shapeOf(s)[0];
  const { values: p, tol } = repeatedTolerance(s);
  const zero = mask(1, k, (_, j) => (Math.abs(p[j]) <= tol ? 1 : 0));
  return mul(div(x, add(applyReshape(s, [1, k]), zero)), sub(1, zero));
}

/**
 * The thin singular value decomposition A = U·diag(s)·Vᵀ of an m×n matrix (k = min(m, n)):
 * `U` m×k and `V` n×k with orthonormal columns, `s` descending. All three are
 * differentiable — s everywhere, U and V where the singular values are non-zero and
 * distinct. At a repeated singular value (0 included) the vectors within its subspaces are
 * not unique: the rotation among them is taken as fixed, so what does not depend on it (UVᵀ,
 * the subspaces' projectors, the vectors of the other singular values) is differentiated
 * exactly.
 * The 2-norm of a matrix is s[0] and its nuclear norm Σs (see `norm`).
 * @example
 * const { U, s, V } = svd([[3, 0], [0, -2]]);
 * s.toArray()                                            // [3, 2]
 * grad((A: number[][]) => max(svd(A).s))([[3, 0], [0, -2]])  // u₁v₁ᵀ = [[1, 0], [0, 0]]
 */
export function svd(a: ArrayInput): { U: Tensor; s: Tensor; V: Tensor };
export function svd(a: Input): { U: Value; s: Value; V: Value };
export function svd(a: Input): { U: Value; s: Value; V: Value } {
  const v = toValue(a, "svd");
  const shape = shapeOf(v);
  // A shape problem, as det and inv call theirs (it was a LinAlgError, which isShapeError missed).
  if (shape.length !== 2) throw new ShapeError(`svd: expected a matrix, got shape (${shape.join("×")})`);
  if (shape[0] < shape[1]) {
    // A = U S Vᵀ ⇔ Aᵀ = V S Uᵀ: the primitives work on tall matrices.
    const t = transpose(v);
    return { U: svdV(t), s: svdValuesOf(t), V: svdU(t) };
  }
  return { U: svdU(v), s: svdValuesOf(v), V: svdV(v) };
}
