import type { Value } from "../../core/value";
import type { Primitive } from "../../core/primitive";
import type { ArrayInput, Input } from "../../core/convert";
import { applyPrimitive } from "../../core/primitive";
import { asArray, fromArray } from "../../core/plain";
import { toValue } from "../../core/convert";
import { shapeOf } from "../../core/value";
import { mul } from "../arithmetic";
import { strongZeroProduct } from "../../core/strong-zero-product";
import { reshape } from "./layout";
import { sum } from "./reduce";
import { where } from "./where";
import { prodAlong, prodOthersAlong } from "../../tensor/kernels/along-axis";
import { reducedShape } from "../../tensor/kernels/reduce";
import { normalizeAxes, sizeOf } from "../../tensor/shape";
import { Tensor } from "../../tensor/tensor";

interface ProdParams {
  readonly axis: number;
  readonly keepDims: boolean;
}

/**
 * The product along one axis. ∂(Πⱼ xⱼ)/∂xₖ = Πⱼ≠ₖ xⱼ, the products of the others
 * (prodOthers below), never Π/xₖ: that is 0/0 where xₖ = 0, and the gradient of x₁x₂x₃ at
 * (0, 2, 3) is (6, 0, 0).
 */
const prodPrimitive: Primitive<ProdParams> = {
  name: "prod",
  evaluate: ([x], p) => fromArray(prodAlong(asArray(x, "prod"), p.axis, p.keepDims)),
  // Products with a strong zero (core/strong-zero-product.ts), as elementwise products' are:
  // where the product of the others is 0, an infinite tangent or cotangent passes nothing.
  jvp: ([dx], [x], _out, p) => sum(strongZeroProduct(dx as Value, othersOf(x, p.axis)), p.axis, p.keepDims),
  vjp: (g, [x], _out, p) => [strongZeroProduct(reshape(g, keptShape(shapeOf(x), p.axis)), othersOf(x, p.axis))],
};

/**
 * For each entry, the product of the other entries on its line along the axis. Its own
 * derivative, needed from second order on: ∂Pᵢ/∂xₖ = Πⱼ∉{i,k} xⱼ for k ≠ i, and 0 for k = i —
 * which is Pₖ of the line with xᵢ set to 1. So each line becomes an n×n block Y, row i the line
 * with entry i set to 1, and the same primitive gives every such product at once (exact with
 * zeros, as above; third order recurses the same way).
 */
const prodOthersPrimitive: Primitive<number> = {
  name: "prodOthers",
  evaluate: ([x], axis) => fromArray(prodOthersAlong(asArray(x, "prod"), axis)),
  jvp: ([dx], [x], _out, axis) => {
    const { pairs, view, n } = pairwise(x, axis);
    // dPᵢ = Σₖ ∂Pᵢ/∂xₖ dxₖ: dx along the pairs' last axis, summed over it.
    return reshape(sum(strongZeroProduct(reshape(dx as Value, [view.outer, 1, n, view.inner]), pairs), 2), shapeOf(x));
  },
  vjp: (g, [x], _out, axis) => {
    const { pairs, view, n } = pairwise(x, axis);
    // gxₖ = Σᵢ gᵢ ∂Pᵢ/∂xₖ: g along the pairs' first axis, summed over it.
    return [reshape(sum(strongZeroProduct(reshape(g, [view.outer, n, 1, view.inner]), pairs), 1), shapeOf(x))];
  },
};

/** Πⱼ≠ₖ xⱼ along the axis, as a differentiable value. */
function othersOf(x: Value, axis: number): Value {
  return applyPrimitive(prodOthersPrimitive, [x], axis);
}

/**
 * ∂Pᵢ/∂xₖ for every pair (i, k) on each line, of shape (outer, n, n, inner): x viewed as
 * (outer, n, inner), row i of a block the line with entry i set to 1, its products of the
 * others, and the diagonal (k = i) zeroed.
 */
function pairwise(x: Value, axis: number): { pairs: Value; view: { outer: number; inner: number }; n: number } {
  const shape = shapeOf(x);
  const view = { outer: sizeOf(shape.slice(0, axis)), inner: sizeOf(shape.slice(axis + 1)) };
  const n = shape[axis];
  const eye = new Float64Array(n * n);
  for (let i = 0; i < n; i++) eye[i * n + i] = 1;
  const diagonal = new Tensor([1, n, n, 1], eye);
  const offDiagonal = new Tensor([1, n, n, 1], eye.map((e) => 1 - e));
  const lines = where(diagonal, 1, reshape(x, [view.outer, 1, n, view.inner]));
  return { pairs: mul(othersOf(lines, 2), offDiagonal), view, n };
}

/** The shape with `axis` kept as a 1. */
function keptShape(shape: readonly number[], axis: number): number[] {
  return reducedShape(shape, [axis], true);
}

/**
 * The product of all entries, or along the given axes (NumPy's prod): 1 for no entries.
 * `keepDims` keeps the reduced axes with length 1. The gradient is exact where entries are 0
 * — ∂/∂xₖ is the product of the others, never the product divided by xₖ — so with one zero
 * only the zero's own entry is nonzero, and with two or more the gradient is 0; the Hessian
 * too (∂²/∂xᵢ∂xₖ is the product of the rest).
 * @example
 * prod([[1, 2], [3, 4]])                  // 24
 * prod([[1, 2], [3, 4]], 0).toArray()     // [3, 8]
 * prod([[1, 2], [3, 4]], 1, true).toArray()  // [[2], [12]]
 * grad((x: number[]) => prod(x))([0, 2, 3])  // [6, 0, 0]
 * grad((x: number[]) => prod(x))([0, 2, 0])  // [0, 0, 0]
 * hessian((x: number[]) => prod(x))([0, 2, 3])  // [[0, 3, 2], [3, 0, 0], [2, 0, 0]]
 */
export function prod(x: number | ArrayInput, axes?: undefined, keepDims?: false): number;
export function prod(x: ArrayInput, axes: number | readonly number[], keepDims?: boolean): Tensor;
export function prod(x: Input, axes?: number | readonly number[], keepDims?: boolean): Value;
export function prod(x: Input, axes?: number | readonly number[], keepDims = false): Value {
  const v = toValue(x, "prod");
  const shape = shapeOf(v);
  const reduced = normalizeAxes(axes, shape.length, "prod");
  if (shape.length === 0) return v;
  if (reduced.length === shape.length) {
    // All entries: one line of them; a number, or every axis kept as a 1.
    const all = applyPrimitive(prodPrimitive, [reshape(v, [sizeOf(shape)])], { axis: 0, keepDims: false });
    return keepDims ? reshape(all, shape.map(() => 1)) : all;
  }
  // Some axes: one at a time (the product is associative), each kept, then dropped at the end.
  let out = v;
  for (const axis of reduced) out = applyPrimitive(prodPrimitive, [out], { axis, keepDims: true });
  return keepDims ? out : reshape(out, reducedShape(shape, reduced, false));
}
