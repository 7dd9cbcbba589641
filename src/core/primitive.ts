import type { Value } from "./value";
import { tagOf, valueAt } from "./value";
import { assertOneHandTape } from "./stale-variables";
import { Dual } from "../forward/dual";
import { Var } from "../reverse/var";
import { zerosLike } from "./constants";
import type { ElementwiseRecord } from "../reverse/tape";
import { Tensor } from "../tensor/tensor";

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
  /**
   * Optional: the record backward needs to sweep this node inside a run of elementwise
   * nodes (reverse/fused-runs.ts), when these primals allow it; undefined otherwise.
   */
  fusable?(primals: readonly Value[], out: Value, params: P): ElementwiseRecord | undefined;
  /**
   * Optional, for a primitive whose output is a block of its one input (slice): the element
   * offset of that block in the input. Its vjp is the cotangent placed among zeros, which
   * backward can instead add straight into the input's cotangent.
   */
  blockOffset?(primals: readonly Value[], params: P): number;
}

/**
 * Applies a primitive at the highest tag among its arguments: plain evaluation when no
 * argument is differentiable, a Dual for forward mode, a tape node for reverse mode.
 * Arguments of lower tags are constants at this level and are handled by the recursion.
 */
export function applyPrimitive<P>(prim: Primitive<P>, args: readonly Value[], params: P): Value {
  let tag = 0;
  let top: Value = 0;
  let tags = 0;
  for (const a of args) {
    const t = tagOf(a);
    if (t !== 0 && t !== tag) tags++;
    if (t > tag) {
      tag = t;
      top = a;
    }
  }
  if (tags > 1) assertOneHandTape(prim.name, args);
  if (tag === 0) return memo === null ? prim.evaluate(args, params) : memo.remember(prim.name, args, params, () => prim.evaluate(args, params));
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
  const elementwise = prim.fusable?.(primals, out, params);
  const block = prim.blockOffset !== undefined && primals[0] instanceof Tensor ? { offset: prim.blockOffset(primals, params), of: primals[0] } : undefined;
  const index = tape.pullback({ parents, elementwise, block, pullback: (g) => prim.vjp(g, primals, out, params, needs) });
  return new Var(out, tape, index);
}

/**
 * Plain results remembered during one jacfwd call. jacfwd runs f once per input, and the
 * primal values flowing through f are the same objects in every pass (only the tangents
 * change), so each plain result computed from them — W·x in tanh(Wx + b), say — is
 * computed in the first pass and reused in the others. Keyed by the identity of the
 * arguments: values are immutable, so the same arguments give the same result. After the
 * first pass an argument never seen before (a new tangent) means a new computation, done
 * directly without remembering it.
 */
class PrimalMemo {
  /**
   * Results by their first object argument (a tensor), each with its operation, parameters
   * and other arguments: one WeakMap lookup and a short scan by identity per operation.
   * A key string built per call (ids and text of every argument) was a tenth of W4's jacfwd.
   */
  private readonly byAnchor = new WeakMap<object, MemoEntry[]>();
  /** Results of operations on numbers only, by their text (−0 and NaN told apart). */
  private readonly byNumbers = new Map<string, Value>();
  /** True during the first pass, which fills the memo; later passes only read it. */
  recording = true;

  /** The result of operation `name` on these arguments: remembered, or computed now. */
  remember(name: string, args: readonly Value[], params: unknown, compute: () => Value): Value {
    const paramsText = params === undefined ? "" : paramsKey(params);
    const anchor = args.find((a): a is Exclude<Value, number> => typeof a === "object");
    if (anchor === undefined) {
      const key = `${name}|${paramsText}|${args.map((a) => (Object.is(a, -0) ? "-0" : String(a))).join(",")}`;
      const known = this.byNumbers.get(key);
      if (known !== undefined) return known;
      const out = compute();
      if (this.recording) this.byNumbers.set(key, out);
      return out;
    }
    const entries = this.byAnchor.get(anchor);
    // After the first pass, a tensor never seen before (a new tangent) is a new computation.
    if (entries === undefined && !this.recording) return compute();
    if (entries !== undefined) {
      for (const e of entries) if (e.name === name && e.params === paramsText && sameArguments(e.args, args)) return e.result;
    }
    const out = compute();
    if (this.recording) {
      const entry = { name, params: paramsText, args: [...args], result: out };
      if (entries === undefined) this.byAnchor.set(anchor, [entry]);
      else entries.push(entry);
    }
    return out;
  }
}

interface MemoEntry {
  readonly name: string;
  readonly params: string;
  readonly args: readonly Value[];
  readonly result: Value;
}

/** The same arguments: identical objects, and numbers equal as Object.is says (−0 is not 0). */
function sameArguments(a: readonly Value[], b: readonly Value[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/**
 * Parameters as part of a memo key: a flag (matmul's) as itself, an object's text kept for
 * the object — JSON.stringify on every call was a tenth of W4's jacfwd.
 */
function paramsKey(params: unknown): string {
  if (typeof params === "boolean") return params ? "true" : "false";
  if (typeof params !== "object" || params === null) return JSON.stringify(params, exactNumbers);
  let key = paramsKeys.get(params);
  if (key === undefined) paramsKeys.set(params, (key = JSON.stringify(params, exactNumbers)));
  return key;
}
const paramsKeys = new WeakMap<object, string>();

/** JSON writes ±Infinity and NaN as null and −0 as 0; a key must tell them apart. */
function exactNumbers(_key: string, v: unknown): unknown {
  return typeof v === "number" && (!Number.isFinite(v) || Object.is(v, -0)) ? `#${Object.is(v, -0) ? "-0" : String(v)}` : v;
}

let memo: PrimalMemo | null = null;

/**
 * A plain tensor computation, remembered while jacfwd runs its passes (computed directly
 * otherwise). The elementwise operations use it for their results on tensors.
 */
export function plainResult(name: string, args: readonly Value[], compute: () => Value): Value {
  return memo === null ? compute() : memo.remember(name, args, undefined, compute);
}

/** After an interrupt (core/interrupted.ts): no jacfwd is running, nothing is remembered. */
export function forgetPrimals(): void {
  memo = null;
}

/**
 * Runs body, which makes several passes over the same primal values, with plain results
 * remembered across its passes (see PrimalMemo); body calls `firstPassDone` after its first.
 */
export function rememberingPrimals<T>(body: (firstPassDone: () => void) => T): T {
  const previous = memo;
  const current = new PrimalMemo();
  memo = current;
  try {
    return body(() => (current.recording = false));
  } finally {
    memo = previous;
  }
}
