import type { UnaryRule } from "./elementwise";
import type { Elementwise, Input, IsAny } from "./convert";
import type { ScalarDual } from "../forward/dual";
import type { ScalarVar } from "../reverse/var";
import { Dual } from "../forward/dual";
import { Var } from "../reverse/var";

/**
 * A piecewise-constant function (floor, ceil, round, trunc, sign) as the runtime gives it: a
 * number for a number, a dual number or a tape variable holding one; a Tensor for a tensor
 * or an array.
 */
export type PiecewiseConstant = <T extends Input>(x: T) => IsAny<T> extends true ? any : [T] extends [number | ScalarDual | ScalarVar] ? number : Elementwise<T>;

/**
 * floor, ceil, round, trunc and sign have derivative 0 in every direction (at the jumps too,
 * by the rules' convention), so on a scalar dual number or tape variable their result is
 * the plain number: nothing is lost, and it can be used as what it is, an integer. As a dual
 * number, `table[Math.floor(x)]` read the key "Dual(2, 0)" (undefined), `arr[Math.floor(x)] =
 * y` wrote there (f then read 0 and its derivative 0, silently), `new Array(Math.floor(x))`
 * made an array of one element, the dual number, and `xs.slice(0, n)` threw DerivativeLostError.
 * Where a display traces the tape (latex, derivation, graph) the operation stays a node, so
 * ⌊x⌋ shows in the formula; a tensor's stays a tensor.
 */
export function piecewiseConstant(rule: UnaryRule, op: (x: Input) => unknown): PiecewiseConstant {
  const fn = rule.fn;
  return ((x: Input) => {
    if (typeof x === "number") return fn(x);
    const p = untracedScalar(x);
    return p === undefined ? op(x) : fn(p);
  }) as PiecewiseConstant;
}

/** The number under a nest of dual numbers and tape variables, unless one of those tapes keeps a trace (or the nest holds a tensor). */
function untracedScalar(x: unknown): number | undefined {
  while (x instanceof Dual || x instanceof Var) {
    if (x instanceof Var && x.tape.trace !== null) return undefined;
    x = x.value;
  }
  return typeof x === "number" ? x : undefined;
}
