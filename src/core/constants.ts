import type { Value } from "./value";
import { primalOf } from "./value";
import { Tensor } from "../tensor/tensor";

/** A plain zero of x's shape (a number for scalars). */
export function zerosLike(x: Value): number | Tensor {
  const p = primalOf(x);
  return typeof p === "number" ? 0 : new Tensor(p.shape, new Float64Array(p.data.length));
}

/** A plain one of x's shape (a number for scalars). */
export function onesLike(x: Value): number | Tensor {
  const p = primalOf(x);
  return typeof p === "number" ? 1 : new Tensor(p.shape, new Float64Array(p.data.length).fill(1));
}
