import type { Value } from "../core/value";
import { differentiating, newTag } from "../core/tags";
import { Tape } from "../reverse/tape";
import { Var } from "../reverse/var";
import { backwardToInputs } from "../reverse/backward";
import { add, mul } from "../ops/arithmetic";
import { toValue, type Input } from "../core/convert";
import { DifferentiationError } from "../errors";
import { assertFunction } from "./options";
import { containerOf, containerShape, flatElements, mapOutput, outputOf, type Output } from "./containers";
import { computedNow, isParameterTree, isRecord, mapLeaves, ownLevel, pathText, pick, primalAt, reverseInput, reverseTreeInput, type Path } from "./seed";
import { elementsOf } from "../ops/pack";
import { tagOf } from "../core/value";
import { zerosLike } from "../core/constants";
import { Tensor } from "../tensor/tensor";
import { checkSameTree } from "./trees";
import type { AnyFunction, Like } from "./types";

/**
 * Reverse mode: f's value at `primals` and a pullback that maps a cotangent of the result
 * (same shape as the result) to cotangents of every argument (vᵀJ), as an array with one
 * entry per argument. The pullback may be called many times, and is differentiable in its
 * cotangent (it is linear in it): grad, jacfwd or jvp of a function calling it see cᵀJ's derivative.
 *
 * @example
 * const [y, pullback] = vjp((x: number[]) => [x[0] * x[1], x[0]], [2, 3]);
 * y;               // [6, 2]
 * pullback([1, 0]) // [[3, 2]]
 * grad((c: number[]) => sum(pullback(c)[0]))([1, 0])  // [5, 1]
 */
export function vjp<F extends AnyFunction>(f: F, ...primals: unknown[]): [Like<ReturnType<F>>, (cotangent: unknown) => any[]];
export function vjp(f: (...args: never[]) => unknown, ...primals: unknown[]): [any, (cotangent: unknown) => any[]];
export function vjp(f: (...args: never[]) => unknown, ...primals: unknown[]): [unknown, (cotangent: unknown) => unknown[]] {
  assertFunction(f, "vjp");
  const tape = new Tape(newTag());
  // The pullback runs later, when the caller may have changed a tensor argument in place (an
  // optimiser's step on W.data); it differentiates at the primals as they were here.
  const kept = primals.map(snapshotTensors);
  // An object or a list of parameters ({ W, b }, [W, b]) is taken field by field, as grad takes it.
  const inputs = kept.map((x, i): { arg: unknown; adjoint(): unknown; tree?: true } =>
    isParameterTree(x) ? { ...reverseTreeInput(x, tape, `vjp: primal ${i}`), tree: true } : reverseInput(x, tape, `vjp: primal ${i}`),
  );
  const y = ownLevel(differentiating(tape.tag, () => f(...(inputs.map((i) => i.arg) as never[]))), tape.tag);
  // A list or a record of outputs takes a cotangent of the same shape, output by output.
  const outputs: { path: Path; out: Output }[] = [];
  const value = mapLeaves(y, (output, path) => {
    outputs.push({ path, out: outputOf(output, "vjp") });
    return mapOutput(output, (v) => computedNow(primalAt(v, tape.tag)));
  });
  const pullback = (cotangent: unknown): unknown[] => {
    const at = (path: Path): string => (path.length > 0 ? ` ${pathText(path)}` : "");
    checkSameTree(value, cotangent, { fname: "vjp", given: (path) => `the cotangent${at(path)}`, reference: (path) => `f's result${at(path)}` });
    // ⟨c, y⟩ as one scalar on the tape: its gradient is cᵀJ.
    let s = 0 as Value;
    const terms: [Value, Var][] = [];
    for (const { path, out } of outputs) {
      const c = pick(cotangent, path);
      if (c === undefined) {
        const shape = containerShape(out.container).join("×");
        throw new DifferentiationError(`vjp: the cotangent${at(path)} is undefined; f's result${at(path)} has shape (${shape}): pass a cotangent of that shape, such as ${shape === "" ? "1" : "ones of it"}`);
      }
      const cshape = containerShape(containerOf(c, `vjp: cotangent${at(path)}`)).join("×");
      const yshape = containerShape(out.container).join("×");
      if (cshape !== yshape) {
        throw new DifferentiationError(`vjp: the cotangent${at(path)} has shape (${cshape}) but f's result${at(path)} has shape (${yshape})`);
      }
      const cts = Array.isArray(c) ? flatElements(c) : elementsOf(toValue(c as Input, "vjp"));
      out.elements.forEach((e, k) => {
        if (e instanceof Var && e.tape === tape) terms.push([cts[k], e]);
      });
    }
    // A cotangent holding dual numbers or tape variables of a differentiation begun after this
    // vjp (the pullback differentiated by grad, jvp, …): ⟨c, y⟩ would be a value of that later
    // differentiation, not of this tape, and the pullback read 0. cᵀJ = Σₖ cₖ·∂yₖ/∂x instead,
    // one sweep back per result element, so the result carries c's derivatives.
    if (terms.some(([c]) => tagOf(c) > tape.tag)) return pullbackByRows(terms, inputs);
    for (const [c, e] of terms) s = add(s, mul(c, e));
    // A tree's adjoint reads zeros for fields that did not influence the result.
    if (!(s instanceof Var && s.tape === tape)) return inputs.map((i) => (i.tree ? i.adjoint() : mapOutput(i.arg, (v) => zerosLike(v))));
    backwardToInputs(s);
    return inputs.map((i) => i.adjoint());
  };
  return [value, pullback];
}

/**
 * Σₖ cₖ·∂yₖ/∂x for every input, the cotangents cₖ differentiable values: one sweep back per
 * result element yₖ, each row combined with its cₖ by the runtime's own add and mul.
 */
function pullbackByRows(terms: readonly [Value, Var][], inputs: readonly { adjoint(): unknown; arg: unknown; tree?: true }[]): unknown[] {
  let sums: unknown[] | undefined;
  for (const [c, e] of terms) {
    backwardToInputs(e);
    const rows = inputs.map((input) => input.adjoint());
    sums = rows.map((row, i) => combineRow(sums?.[i], row, c));
  }
  return sums ?? inputs.map((i) => (i.tree ? i.adjoint() : mapOutput(i.arg, (v) => zerosLike(v))));
}

/** acc + c·row, entry by entry through arrays and objects (acc undefined: c·row). */
function combineRow(acc: unknown, row: unknown, c: Value): unknown {
  if (Array.isArray(row)) return row.map((r, j) => combineRow((acc as unknown[] | undefined)?.[j], r, c));
  if (isRecord(row)) return Object.fromEntries(Object.entries(row).map(([k, r]) => [k, combineRow((acc as Record<string, unknown> | undefined)?.[k], r, c)]));
  // A row read off the tape may share the adjoint buffer the next sweep reuses: copied first.
  const r = row instanceof Tensor ? new Tensor(row.shape, row.data.slice()) : (row as Value);
  const term = mul(c, r);
  return acc === undefined ? term : add(acc as Value, term);
}

/**
 * x with every Tensor in it (x itself, or the fields of an object or list of parameters)
 * replaced by a copy. Arrays of numbers need none: their entries become tape variables.
 */
function snapshotTensors(x: unknown): unknown {
  if (x instanceof Tensor) return new Tensor(x.shape, x.data.slice());
  if (Array.isArray(x)) return x.some((e) => e instanceof Tensor || isParameterTree(e)) ? x.map(snapshotTensors) : x;
  if (isRecord(x)) return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, snapshotTensors(v)]));
  return x;
}
