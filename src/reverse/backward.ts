import type { Value } from "../core/value";
import { primalOf, shapeOf } from "../core/value";
import { NodeKind, type PullbackEntry, type Tape } from "./tape";
import { Var } from "./var";
import { add, mul } from "../ops/arithmetic";
import { zerosLike } from "../core/constants";
import { DifferentiationError } from "../errors";
import { shapeToString } from "../tensor/shape";
import { backwardRun, runStart } from "./fused-runs";

/**
 * Propagates derivatives from `y` back to every variable on its tape; afterwards each
 * variable's `.grad` is ∂y/∂variable. `y` must be a scalar unless a `seed` (the cotangent,
 * of y's shape) is given.
 *
 * @example
 * const x = variable(2);
 * const y = mul(x, mul(x, x));   // x³
 * backward(y);
 * x.grad;  // 3x² = 12
 */
export function backward(y: Value, seed?: Value): void {
  if (!(y instanceof Var)) {
    throw new DifferentiationError(
      `backward: the value ${String(y)} does not depend on any variable; make its inputs with variable(x)`,
    );
  }
  if (seed === undefined) {
    const shape = shapeOf(y);
    if (shape.length > 0) {
      throw new DifferentiationError(
        `backward: y has shape (${shapeToString(shape)}); reduce it to a scalar (e.g. with sum) or pass a seed of that shape`,
      );
    }
    seed = 1;
  }
  const tape = y.tape;
  tape.adjoints = tape.plain && typeof seed === "number" ? backwardPlain(tape, y.index, seed) : backwardGeneric(tape, y.index, seed, false);
}

/**
 * backward(y) for grad and vjp, which read only the inputs' adjoints: runs of elementwise
 * operations on arrays are swept in one compiled loop each (fused-runs.ts), and the
 * adjoints of the nodes inside a run are then not kept.
 */
export function backwardToInputs(y: Var): void {
  const tape = y.tape;
  tape.adjoints = tape.plain ? backwardPlain(tape, y.index, 1) : backwardGeneric(tape, y.index, 1, true);
}

/** The hot loop: every node a plain-number scalar op. */
function backwardPlain(tape: Tape, root: number, seed: number): Float64Array {
  // jacrev and hessian sweep one tape many times: reuse the previous pass's buffer.
  const previous = tape.adjoints;
  const adj = previous instanceof Float64Array && previous.length === tape.size ? previous.fill(0) : new Float64Array(tape.size);
  const { kind, parentA, parentB, partialA, partialB } = tape;
  adj[root] = seed;
  for (let i = root; i >= 0; i--) {
    const g = adj[i];
    if (g === 0) continue;
    const k = kind[i];
    if (k === NodeKind.Unary) {
      adj[parentA[i]] += g * partialA[i];
    } else if (k === NodeKind.Binary) {
      const a = parentA[i];
      const b = parentB[i];
      if (a >= 0) adj[a] += g * partialA[i];
      if (b >= 0) adj[b] += g * partialB[i];
    }
  }
  return adj;
}

/** Adjoints that may be tensors or AD values of outer differentiations (higher order). */
function backwardGeneric(tape: Tape, root: number, seed: Value, fuse: boolean): (Value | undefined)[] {
  const adj: (Value | undefined)[] = new Array(tape.size);
  const { kind, parentA, parentB, partialA, partialB, extra } = tape;
  const accumulate = (i: number, g: Value): void => {
    const prev = adj[i];
    adj[i] = prev === undefined ? g : add(prev, g);
  };
  adj[root] = seed;
  // Fusion is tried on nodes below this index only (a run that could not be fused is not retried node by node).
  let fusionBelow = root + 1;
  for (let i = root; i >= 0; i--) {
    const g = adj[i];
    if (g === undefined) continue;
    const k = kind[i];
    if (fuse && k === NodeKind.Pullback && i < fusionBelow && (extra[i] as PullbackEntry).elementwise !== undefined) {
      const start = runStart(tape, i);
      if (start < i && backwardRun(tape, start, i, adj)) {
        i = start;
        continue;
      }
      fusionBelow = start;
    }
    if (k === NodeKind.Unary) {
      accumulate(parentA[i], mul(g, partialA[i]));
    } else if (k === NodeKind.Binary) {
      if (parentA[i] >= 0) accumulate(parentA[i], mul(g, partialA[i]));
      if (parentB[i] >= 0) accumulate(parentB[i], mul(g, partialB[i]));
    } else if (k === NodeKind.Pullback) {
      const entry = extra[i] as PullbackEntry;
      const cotangents = entry.pullback(g);
      const parents = entry.parents;
      for (let j = 0; j < parents.length; j++) {
        const c = cotangents[j];
        if (parents[j] >= 0 && c !== null && c !== undefined) accumulate(parents[j], c);
      }
    }
  }
  return adj;
}

/** ∂y/∂v after backward(y) on v's tape; zeros of v's shape when v did not influence y. */
export function adjointOf(v: Var): Value {
  const adj = v.tape.adjoints;
  if (adj === null) return zerosLike(primalOf(v.value));
  if (adj instanceof Float64Array) return adj[v.index] ?? 0;
  return adj[v.index] ?? zerosLike(primalOf(v.value));
}
