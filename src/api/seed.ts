import type { Value } from "../core/value";
import { hasFinished } from "../core/tags";
import { DifferentiationError } from "../errors";
import { isScalarValue, isValue, primalOf } from "../core/value";
import { Dual } from "../forward/dual";
import { Var } from "../reverse/var";
import { Tape } from "../reverse/tape";
import { Tensor } from "../tensor/tensor";
import { elementsOf } from "../ops/pack";
import { zerosLike } from "../core/constants";
import { type Container, containerOf, containerShape, flatElements, isNumberTypedArray, nest } from "./containers";
import { sizeOf } from "../tensor/shape";

/*
 * Seeding: an argument becomes AD values (tape variables or duals) in its own container,
 * so `x[0]`, `X[i][j]`, `.length` and `.map` work on arrays and tensor ops on Tensors.
 */

/** An argument made of tape variables, and how to read its adjoint back. */
export interface ReverseInput {
  readonly container: Container;
  /** The argument to pass to f. */
  readonly arg: unknown;
  /** ∂(last backward)/∂argument, row-major scalars. */
  adjointElements(): Value[];
  /** ∂(last backward)/∂argument, mirroring the argument. */
  adjoint(): unknown;
  /** For an array argument: its scalars' positions on the tape (to read plain adjoints directly). */
  readonly leaves?: Int32Array;
}

export function reverseInput(x: unknown, tape: Tape, what: string): ReverseInput {
  const container = containerOf(x, what);
  if (container.kind === "tensor") {
    const v = new Var(x as Value, tape, tape.leaf(x as Value));
    return { container, arg: v, adjointElements: () => elementsOf(v.grad), adjoint: () => v.grad };
  }
  // One plain loop: this runs on every derivative, for every scalar of the argument.
  const elements = flatElements(x);
  const vars = new Array<Var>(elements.length);
  const leaves = new Int32Array(elements.length);
  for (let i = 0; i < elements.length; i++) {
    const index = tape.leaf(elements[i]);
    vars[i] = new Var(elements[i], tape, index);
    leaves[i] = index;
  }
  const shape = containerShape(container);
  return {
    container,
    leaves,
    arg: nest(vars, shape),
    adjointElements: () => adjointsOf(vars, leaves, tape),
    adjoint: () => nest(adjointsOf(vars, leaves, tape), shape),
  };
}

/** The variables' adjoints after backward; read straight off a plain tape's array. */
function adjointsOf(vars: readonly Var[], leaves: Int32Array, tape: Tape): Value[] {
  const adj = tape.adjoints;
  if (!(adj instanceof Float64Array)) return vars.map((v) => v.grad);
  const out = new Array<Value>(leaves.length);
  for (let i = 0; i < leaves.length; i++) out[i] = adj[leaves[i]];
  return out;
}

/**
 * A plain object such as `{ W, b }` or `{ layer1: { W, b }, layer2: … }`: grad and
 * valueAndGrad take it as one argument (JAX's pytrees) and return its gradient in the same
 * shape.
 */
export function isRecord(x: unknown): x is Record<string, unknown> {
  if (x === null || typeof x !== "object" || Array.isArray(x) || isValue(x)) return false;
  const proto = Object.getPrototypeOf(x) as object | null;
  return proto === null || Object.getPrototypeOf(proto) === null;
}

/**
 * A list of parameters rather than one array of numbers: `[W, b]` of tensors, `[{ W, b }, …]`
 * of records, arrays of different shapes (`[[[1, 2], [3, 4]], [1, -1]]`) or numbers next to
 * arrays (`[0.5, [1, 2]]`), as JAX's pytrees take lists. An array of numbers (nested or not)
 * stays one argument.
 */
export function isParameterList(x: unknown): x is unknown[] {
  if (!Array.isArray(x)) return false;
  // One plain loop, numbers first: this runs on every array argument (10⁴ scalars in W1).
  let arrays = 0;
  for (let i = 0; i < x.length; i++) {
    const e: unknown = x[i];
    if (typeof e === "number") continue;
    if (Array.isArray(e)) {
      if (isParameterList(e)) return true;
      arrays++;
    } else if (isRecord(e) || isNumberTypedArray(e) || (isValue(e) && !isScalarValue(e))) return true;
  }
  // Numbers next to arrays ([b, W]), or arrays of different shapes (nestedShape calls both ragged).
  if (arrays === 0) return false;
  if (arrays < x.length) return true;
  const first = JSON.stringify(flatShape(x[0] as unknown[]));
  return x.some((e) => JSON.stringify(flatShape(e as unknown[])) !== first);
}

/** The shape of a nested array that isParameterList found regular at every level below. */
function flatShape(x: unknown[]): number[] {
  return Array.isArray(x[0]) ? [x.length, ...flatShape(x[0] as unknown[])] : [x.length];
}

/** A record or a list of parameters: taken apart field by field (entry by entry). */
export function isParameterTree(x: unknown): x is Record<string, unknown> | unknown[] {
  return isRecord(x) || isParameterList(x);
}

/**
 * An object or a list of parameters made of tape variables, field by field, and its adjoint
 * in the same shape.
 */
export function reverseTreeInput(x: Record<string, unknown> | unknown[], tape: Tape, what: string): { arg: unknown; adjoint(): unknown } {
  const field = (v: unknown, path: string) => (isParameterTree(v) ? reverseTreeInput(v, tape, path) : reverseInput(v, tape, path));
  if (Array.isArray(x)) {
    const items = x.map((v, i) => field(v, `${what}[${i}]`));
    return { arg: items.map((item) => item.arg), adjoint: () => items.map((item) => item.adjoint()) };
  }
  const fields = Object.keys(x).map((key) => [key, field(x[key], `${what}.${key}`)] as const);
  return {
    arg: Object.fromEntries(fields.map(([key, f]) => [key, f.arg])),
    adjoint: () => Object.fromEntries(fields.map(([key, f]) => [key, f.adjoint()])),
  };
}

/** Where one leaf sits in a result (an argument) made of lists and objects: `[2, "q"]` is `y[2].q`. */
export type Path = readonly (string | number)[];

/** A path as code reads it, "[2].q" ("" for the whole result). */
export function pathText(path: Path): string {
  return path.map((k) => (typeof k === "number" ? `[${k}]` : `.${k}`)).join("");
}

/** The entry of y at `path` (undefined where y has none). */
export function pick(y: unknown, path: Path): unknown {
  let v = y;
  for (const k of path) v = v === null || typeof v !== "object" ? undefined : (v as Record<string | number, unknown>)[k];
  return v;
}

/**
 * A result or an argument as leaves: a list or an object of outputs (`[A·x, Σx²]`,
 * `{ loss, logits }`) or of parameters (`{ W, b }`, `[W, b]`), as JAX's pytrees, is walked and
 * rebuilt around fn's results; anything else is one leaf.
 */
export function mapLeaves(y: unknown, fn: (output: unknown, path: Path) => unknown, path: Path = []): unknown {
  if (isParameterList(y)) return y.map((e, i) => mapLeaves(e, fn, [...path, i]));
  if (isRecord(y)) return Object.fromEntries(Object.entries(y).map(([k, v]) => [k, mapLeaves(v, fn, [...path, k])]));
  return fn(y, path);
}

/** The number of scalars in an argument. */
export function sizeOfArgument(x: unknown, what: string): number {
  return sizeOf(containerShape(containerOf(x, what)));
}

/** The argument with scalar `index` perturbed by a unit tangent under `tag`. */
export function forwardInput(x: unknown, index: number, tag: number, what: string): unknown {
  const container = containerOf(x, what);
  if (container.kind === "tensor") {
    const p = primalOf(x as Value) as Tensor;
    const tangent = new Float64Array(p.data.length);
    tangent[index] = 1;
    return new Dual(x as Value, new Tensor(p.shape, tangent), tag);
  }
  const elements = flatElements(x).map((e, i) => (i === index ? new Dual(e, 1, tag) : e));
  return nest(elements, containerShape(container));
}

/** The argument perturbed by a given tangent (same container) under `tag`. */
export function forwardInputWithTangent(x: unknown, dx: unknown, tag: number, container: Container): unknown {
  if (container.kind === "tensor") {
    const t = Array.isArray(dx) ? Tensor.from(dx) : (dx as Value);
    return new Dual(x as Value, t, tag);
  }
  const xs = flatElements(x);
  // A tangent may be given as a Tensor for an array argument: its elements, row-major.
  const ts = isValue(dx) && !isScalarValue(dx as Value) ? elementsOf(dx as Value) : flatElements(dx);
  const duals = new Array<Dual>(xs.length);
  for (let i = 0; i < xs.length; i++) duals[i] = new Dual(xs[i], ts[i] ?? 0, tag);
  // A flat array's duals are f's argument as they are (nest would copy them: 10⁴ in W1's jvp).
  return container.kind === "array" && container.shape.length === 1 ? duals : nest(duals, containerShape(container));
}

/** The derivative part of v under `tag` (zero when v does not depend on that perturbation). */
export function tangentAt(v: Value, tag: number): Value {
  return v instanceof Dual && v.tag === tag ? v.tangent : zerosLike(v);
}

/**
 * f's result as seen from the derivative under `tag`: AD values made inside f by hand
 * (`dual(3, 1) * x`, `variable(3) * x`) carry tags above `tag`, and their own perturbation
 * is not the one being taken, so they are replaced by their values. Read as they were, the
 * result looked independent of x and the derivative came out 0. Arrays are walked; the same
 * array comes back when nothing needed it.
 */
export function ownLevel(y: unknown, tag: number): unknown {
  if (Array.isArray(y)) {
    const inner = y.map((e) => ownLevel(e, tag));
    return inner.every((e, i) => e === y[i]) ? y : inner;
  }
  let v = y;
  while ((v instanceof Dual && v.tag > tag) || (v instanceof Var && v.tape.tag > tag)) v = v.value;
  assertNoFinishedDual(v, tag);
  return v;
}

/**
 * A dual number of a differentiation that has finished, under f's result, came from a value
 * kept from an earlier call (`cache = cache ?? x * 2` in a variable outside f): read on, the
 * derivative came out as a dual number of that finished perturbation, Dual(2, 2) where 2 was
 * meant. Below `tag`, this differentiation's own, which has just finished. (A tape variable of a
 * finished differentiation throws where it is used.)
 */
function assertNoFinishedDual(v: unknown, tag: number): void {
  for (let p = v; p instanceof Dual || p instanceof Var; p = p.value) {
    if (p instanceof Dual && p.tag < tag && hasFinished(p.tag)) {
      throw new DifferentiationError(
        `f's result depends on a dual number of a differentiation that has finished (${p.toString()}): a value kept from an earlier call ` +
          `of a differentiated function — in a variable outside f, a cache or a closure — still carries that call's derivative. ` +
          `Keep primal(v) there instead, or compute it inside f`,
      );
    }
  }
}

/** The value part of v under `tag`. */
export function primalAt(v: Value, tag: number): Value {
  return v instanceof Dual && v.tag === tag ? v.value : v instanceof Var && v.tape.tag === tag ? v.value : v;
}

/**
 * A value leaving a differentiation (an output, aux), computed now if it is pending
 * (tensor/deferred.ts): computed later, it would read its operands then, and those may be
 * the user's arrays, changed in place by then (an optimiser step on `W.data`).
 */
export function computedNow<T>(v: T): T {
  if (v instanceof Tensor && v.pending !== null) void v.data;
  return v;
}
