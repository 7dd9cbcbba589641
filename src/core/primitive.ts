import type { Value } from "./value";
import { tagOf, valueAt } from "./value";
import { Dual } from "../forward/dual";
import { Var } from "../reverse/var";
import { zerosLike } from "./constants";

/**
 * A primitive operation with its derivative rules side by side (STYLE.md: ChainRules'
 * frule/rrule, JAX's jvp/transpose). `evaluate` runs on plain numbers and Tensors; `jvp` and
 * `vjp` are written with runtime operations, so they work on nested AD values too — that
 * is what makes hessians (forward over reverse) and grad of grad work.
 *
 * `P` holds non-differentiable parameters (axes, shapes, options).
 */
export interface Primitive<P = undefined> {
  readonly name: string;
  evaluate(args: readonly Value[], params: P): Value;
  /** Output tangent from input tangents (`null` = zero tangent). */
  jvp(tangents: readonly (Value | null)[], primals: readonly Value[], out: Value, params: P): Value;
  /** Input cotangents from the output cotangent; `null` where `needs[i]` is false. */
  vjp(gOut: Value, primals: readonly Value[], out: Value, params: P, needs: readonly boolean[]): readonly (Value | null)[];
}

/**
 * Applies a primitive at the highest tag among its arguments: plain evaluation when no
 * argument is differentiable, a Dual for forward mode, a tape node for reverse mode.
 * Arguments of lower tags are constants at this level and are handled by the recursion.
 */
export function applyPrimitive<P>(prim: Primitive<P>, args: readonly Value[], params: P): Value {
  let tag = 0;
  let top: Value = 0;
  for (const a of args) {
    const t = tagOf(a);
    if (t > tag) {
      tag = t;
      top = a;
    }
  }
  if (tag === 0) return prim.evaluate(args, params);
  const primals = args.map((a) => valueAt(a, tag));
  const out = applyPrimitive(prim, primals, params);
  if (top instanceof Dual) {
    const tangents = args.map((a) => (a instanceof Dual && a.tag === tag ? a.tangent : null));
    const tangent = prim.jvp(tangents, primals, out, params);
    return new Dual(out, tangent ?? zerosLike(out), tag);
  }
  const tape = (top as Var).tape;
  const parents = args.map((a) => (a instanceof Var && a.tape === tape ? a.index : -1));
  const needs = parents.map((p) => p >= 0);
  const index = tape.pullback({ parents, pullback: (g) => prim.vjp(g, primals, out, params, needs) });
  return new Var(out, tape, index);
}
