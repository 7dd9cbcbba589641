import type { Value } from "../../core/value";
import type { Primitive } from "../../core/primitive";
import type { ArrayInput, Input } from "../../core/convert";
import type { Tensor } from "../../tensor/tensor";
import { applyPrimitive } from "../../core/primitive";
import { asArray, fromArray } from "../../core/plain";
import { toValue } from "../../core/convert";
import { shapeOf } from "../../core/value";
import * as kernels from "../../tensor/kernels/index";

export type { IndexSpec } from "../../tensor/kernels/index";

interface Params {
  readonly specs: readonly kernels.IndexSpec[];
  readonly shape: readonly number[];
}

/** Selecting elements is linear; its transpose scatters the cotangent back. */
const indexPrimitive: Primitive<Params> = {
  name: "index",
  evaluate: ([x], p) => fromArray(kernels.index(asArray(x, "index"), p.specs)),
  jvp: ([dx], _p, _out, p) => applyPrimitive(indexPrimitive, [dx as Value], p),
  vjp: (g, _p, _out, p) => [applyPrimitive(scatterPrimitive, [g], p)],
};

const scatterPrimitive: Primitive<Params> = {
  name: "indexAdjoint",
  evaluate: ([g], p) => fromArray(kernels.indexAdjoint(asArray(g, "index"), p.shape, p.specs)),
  jvp: ([dg], _p, _out, p) => applyPrimitive(scatterPrimitive, [dg as Value], p),
  vjp: (g, _p, _out, p) => [applyPrimitive(indexPrimitive, [g], p)],
};

/**
 * Indexing and slicing along every axis, differentiable: per axis a number (picks one
 * position; the axis disappears), a [start, stop, step?] range (negative numbers count
 * from the end; a negative step runs backwards) or null (the whole axis). With numbers only
 * the result is an entry (a number) or a slice (a Tensor), as the tensor's rank decides, so
 * it is typed `any`; with a range or null it is a Tensor.
 * @example
 * index([[1, 2, 3], [4, 5, 6]], [null, [1]]).toArray()   // [[2, 3], [5, 6]]
 * index([[1, 2, 3], [4, 5, 6]], [1, [, , -1]]).toArray() // [6, 5, 4]
 */
export function index(x: ArrayInput, specs: readonly number[]): any;
export function index(x: ArrayInput, specs: readonly kernels.IndexSpec[]): Tensor;
export function index(x: Input, specs: readonly kernels.IndexSpec[]): Value;
export function index(x: Input, specs: readonly kernels.IndexSpec[]): Value {
  const v = toValue(x, "index");
  return applyPrimitive(indexPrimitive, [v], { specs, shape: shapeOf(v) });
}
