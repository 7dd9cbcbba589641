import type { Value } from "../core/value";
import { differentiating, newTag } from "../core/tags";
import { Tape } from "../reverse/tape";
import { Var } from "../reverse/var";
import { backwardToInputs } from "../reverse/backward";
import { add, mul } from "../ops/arithmetic";
import { toValue, type Input } from "../core/convert";
import { DifferentiationError } from "../errors";
import { assertFunction } from "./options";
import { containerOf, containerShape, flatElements, mapOutput, outputOf } from "./containers";
import { computedNow, ownLevel, primalAt, reverseInput } from "./seed";
import { elementsOf } from "../ops/pack";
import { zerosLike } from "../core/constants";

/**
 * Reverse mode: f's value at `primals` and a pullback that maps a cotangent of the result
 * (same shape as the result) to cotangents of every argument (vᵀJ), as an array with one
 * entry per argument. The pullback may be called many times.
 *
 * @example
 * const [y, pullback] = vjp((x: number[]) => [x[0] * x[1], x[0]], [2, 3]);
 * y;               // [6, 2]
 * pullback([1, 0]) // [[3, 2]]
 */
export function vjp(f: (...args: never[]) => unknown, ...primals: unknown[]): [unknown, (cotangent: unknown) => unknown[]] {
  assertFunction(f, "vjp");
  const tape = new Tape(newTag());
  const inputs = primals.map((x, i) => reverseInput(x, tape, `vjp: primal ${i}`));
  const y = ownLevel(differentiating(tape.tag, () => f(...(inputs.map((i) => i.arg) as never[]))), tape.tag);
  const out = outputOf(y, "vjp");
  const value = mapOutput(y, (v) => computedNow(primalAt(v, tape.tag)));
  const pullback = (cotangent: unknown): unknown[] => {
    const cshape = containerShape(containerOf(cotangent, "vjp: cotangent")).join("×");
    const yshape = containerShape(out.container).join("×");
    if (cshape !== yshape) {
      throw new DifferentiationError(`vjp: the cotangent has shape (${cshape}) but f's result has shape (${yshape})`);
    }
    const cts = Array.isArray(cotangent) ? flatElements(cotangent) : elementsOf(toValue(cotangent as Input, "vjp"));
    // ⟨c, y⟩ as one scalar on the tape: its gradient is cᵀJ.
    let s = 0 as Value;
    out.elements.forEach((e, k) => {
      if (e instanceof Var && e.tape === tape) s = add(s, mul(cts[k], e));
    });
    if (!(s instanceof Var && s.tape === tape)) return inputs.map((i) => mapOutput(i.arg, (v) => zerosLike(v)));
    backwardToInputs(s);
    return inputs.map((i) => i.adjoint());
  };
  return [value, pullback];
}

