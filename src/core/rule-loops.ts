import type { BinaryRule, UnaryRule } from "./elementwise";
import { identifier } from "./specialise";
import { times } from "./strong-zero-product";

/*
 * Whole-array loops compiled once per elementwise rule, from the rule's own scalar
 * function and partials. Written once as shared closures, these loops would call
 * `rule.partial` through one call site for every rule, which the engine cannot inline
 * (see specialise.ts); compiled per rule, `partial(x, out)` inlines to the rule's formula
 * — cos x for sin — and a pullback becomes one pass over the arrays: no array of partials,
 * no second pass to multiply it by the cotangent. Where code generation is forbidden
 * (Content-Security-Policy), the same loops run as closures: the same numbers, slower.
 *
 * Every loop reads operands with a step of 1 (an array of the output's size) or 0 (a single
 * number broadcast over the output).
 */

/** gx[i] = g[i] · ∂f/∂x at x[i] (out[i] = f(x[i])), 0 where g[i] or the partial is 0. */
export type UnaryPullbackLoop = (g: Float64Array, x: Float64Array, out: Float64Array, gx: Float64Array) => void;

/** ga[i] = g[i] · ∂f/∂a at (a[i·sa], b[i·sb]) (and likewise for b), 0 where g[i] or the partial is 0. */
export type BinaryPullbackLoop = (g: Float64Array, a: Float64Array, sa: number, b: Float64Array, sb: number, out: Float64Array, ga: Float64Array) => void;

/** out[i] = f(a[i·sa], b[i·sb]). */
export type BinaryLoop = (a: Float64Array, sa: number, b: Float64Array, sb: number, out: Float64Array) => void;

export interface UnaryLoops {
  readonly pullback: UnaryPullbackLoop;
  /** out[i] = f(x[i]) and p[i] = ∂f/∂x there, in one loop (see UnaryRule.partialWithValue). */
  readonly valueAndPartial: (x: Float64Array, out: Float64Array, p: Float64Array) => void;
}

export interface BinaryLoops {
  readonly pullbackA: BinaryPullbackLoop;
  readonly pullbackB: BinaryPullbackLoop;
  /** The function with a broadcast operand (a number against an array), without filling an array. */
  readonly strided: BinaryLoop;
}

// A cotangent entry or a partial of 0 gives 0 whatever the other (a strong zero: see
// strong-zero-product.ts), written out as `times` is (the closures below call it).
const UNARY_PULLBACK = `return function NAME_pullback(g, x, out, gx) {
  for (let i = 0; i < gx.length; i++) {
    const c = g[i];
    const p = partial(x[i], out[i]);
    const d = c * p;
    gx[i] = d === d || (c !== 0 && p !== 0) ? d : 0;
  }
};`;

const UNARY_VALUE_AND_PARTIAL = `return function NAME_valueAndPartial(x, out, p) {
  for (let i = 0; i < out.length; i++) {
    const y = fn(x[i]);
    out[i] = y;
    p[i] = partial(x[i], y);
  }
};`;

const BINARY_PULLBACK = (partial: string): string => `return function NAME_${partial}(g, a, sa, b, sb, out, ga) {
  for (let i = 0; i < ga.length; i++) {
    const c = g[i];
    const p = ${partial}(a[i * sa], b[i * sb], out[i]);
    const d = c * p;
    ga[i] = d === d || (c !== 0 && p !== 0) ? d : 0;
  }
};`;

const BINARY_STRIDED = `return function NAME_strided(a, sa, b, sb, out) {
  for (let i = 0; i < out.length; i++) out[i] = fn(a[i * sa], b[i * sb]);
};`;

function compile<T>(source: string, name: string, params: string[], args: unknown[], codegen: boolean): T | null {
  if (!codegen) return null;
  try {
    return new Function(...params, source.replaceAll("NAME", identifier(name)))(...args) as T;
  } catch {
    return null;
  }
}

/** The compiled loops of a unary rule. */
export function unaryLoops(rule: UnaryRule, codegen = true): UnaryLoops {
  const partial = rule.partial as (x: number, out: number) => number;
  const pullback =
    compile<UnaryPullbackLoop>(UNARY_PULLBACK, rule.name, ["partial"], [partial], codegen) ??
    ((g, x, out, gx) => {
      for (let i = 0; i < gx.length; i++) gx[i] = times(g[i], partial(x[i], out[i]));
    });
  const fn = rule.fn;
  const valueAndPartial =
    compile<UnaryLoops["valueAndPartial"]>(UNARY_VALUE_AND_PARTIAL, rule.name, ["fn", "partial"], [fn, partial], codegen) ??
    ((x, out, p) => {
      for (let i = 0; i < out.length; i++) {
        const y = fn(x[i]);
        out[i] = y;
        p[i] = partial(x[i], y);
      }
    });
  return { pullback, valueAndPartial };
}

/** The compiled loops of a binary rule. */
export function binaryLoops(rule: BinaryRule, codegen = true): BinaryLoops {
  const fn = rule.fn;
  const partialA = rule.partialA as (a: number, b: number, out: number) => number;
  const partialB = rule.partialB as (a: number, b: number, out: number) => number;
  const generic = (partial: (a: number, b: number, out: number) => number): BinaryPullbackLoop => (g, a, sa, b, sb, out, ga) => {
    for (let i = 0; i < ga.length; i++) ga[i] = times(g[i], partial(a[i * sa], b[i * sb], out[i]));
  };
  return {
    pullbackA: compile<BinaryPullbackLoop>(BINARY_PULLBACK("partialA"), rule.name, ["partialA"], [partialA], codegen) ?? generic(partialA),
    pullbackB: compile<BinaryPullbackLoop>(BINARY_PULLBACK("partialB"), rule.name, ["partialB"], [partialB], codegen) ?? generic(partialB),
    strided:
      compile<BinaryLoop>(BINARY_STRIDED, rule.name, ["fn"], [fn], codegen) ??
      ((a, sa, b, sb, out) => {
        for (let i = 0; i < out.length; i++) out[i] = fn(a[i * sa], b[i * sb]);
      }),
  };
}
