import type { Value } from "../core/value";
import { primalOf, shapeOf } from "../core/value";
import { NodeKind, adjointBuffer, finishedTapeError, type PullbackEntry, type Tape } from "./tape";
import { Var } from "./var";
import { add } from "../ops/arithmetic";
import { strongZeroProduct, times } from "../core/strong-zero-product";
import { zerosLike } from "../core/constants";
import { DifferentiationError } from "../errors";
import { sameShape, shapeInParens } from "../tensor/shape";
import { Tensor } from "../tensor/tensor";
import { toValue, type Input } from "../core/convert";
import { backwardRun, runStart } from "./fused-runs";
import { addRule } from "../rules/add";
import { placeBlock } from "../ops/tensor/slice";

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
export function backward(y: Value, seed?: Input): void {
  if (!(y instanceof Var)) {
    throw new DifferentiationError(
      `backward: the value ${String(y)} does not depend on any variable; make its inputs with variable(x)`,
    );
  }
  if (seed === undefined && shapeOf(y).length > 0) {
    throw new DifferentiationError(
      `backward: y has shape ${shapeInParens(shapeOf(y))}; reduce it to a scalar (e.g. with sum) or pass a seed of that shape`,
    );
  }
  // An array seed ([1, 10]) is taken as a tensor, as every operation takes arrays.
  const g = seed === undefined ? 1 : toValue(seed, "backward");
  if (!sameShape(shapeOf(g), shapeOf(y))) {
    // A seed of another shape was read element by element as if it fitted: (3) for y of
    // shape (2) gave a gradient from its first two entries, (1) gave NaN.
    throw new DifferentiationError(
      `backward: the seed has shape (${shapeOf(g).join("×")}) but y has shape (${shapeOf(y).join("×")}); the seed is the cotangent of y, of y's shape`,
    );
  }
  const tape = y.tape;
  // A released tape's nodes are gone: the sweep read nothing and every .grad was 0.
  if (tape.released) throw finishedTapeError("backward: y");
  tape.adjoints = tape.plain && typeof g === "number" ? backwardPlain(tape, y.index, g) : backwardGeneric(tape, y.index, g, false);
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

/**
 * A sweep reaching fewer than one node in this many sweeps the next one of the same tape by
 * the nodes reached alone (sweepReached): jacrev sweeps a tape once per output, and each
 * row of a Hessian of a sum of local terms (W5's Rosenbrock) reaches a few dozen of the
 * tape's thousands of nodes.
 */
const SPARSE_RATIO = 8;

/** The hot loop: every node a plain-number scalar op. */
function backwardPlain(tape: Tape, root: number, seed: number): Float64Array {
  // jacrev and hessian sweep one tape many times: reuse the previous pass's buffer, clearing
  // only what a sparse pass wrote.
  const previous = tape.adjoints;
  if (previous instanceof Float64Array && previous.length === tape.size) {
    const sweep = tape.sweep;
    if (sweep.touched > 0) for (let j = 0; j < sweep.touched; j++) previous[sweep.order[j]] = 0;
    else previous.fill(0);
    if (sweep.reached * SPARSE_RATIO < root) return sweepReached(tape, root, seed, previous);
    return sweepAll(tape, root, seed, previous);
  }
  return sweepAll(tape, root, seed, adjointBuffer(tape.size));
}

/**
 * Every node from the root down, skipping those with no adjoint; notes how many it reached.
 * A partial of 0 passes 0 back even against an infinite adjoint (`times`: strong-zero-product.ts).
 */
function sweepAll(tape: Tape, root: number, seed: number, adj: Float64Array): Float64Array {
  const { kind, parentA, parentB, partialA, partialB } = tape;
  adj[root] = seed;
  let reached = 0;
  for (let i = root; i >= 0; i--) {
    const g = adj[i];
    if (g === 0) continue;
    reached++;
    const k = kind[i];
    if (k === NodeKind.Unary) {
      adj[parentA[i]] += times(g, partialA[i]);
    } else if (k === NodeKind.Binary) {
      const a = parentA[i];
      const b = parentB[i];
      if (a >= 0) adj[a] += times(g, partialA[i]);
      if (b >= 0) adj[b] += times(g, partialB[i]);
    }
  }
  tape.sweep.reached = reached;
  tape.sweep.touched = 0;
  return adj;
}

/**
 * The same sweep over the nodes the root reaches only, highest index first (a max-heap of
 * node indices): every consumer of a node has a higher index, so each node's adjoint is
 * complete when it is taken, and its contributions arrive in the order the full sweep adds
 * them — the same numbers to the last bit. The nodes given an adjoint are listed, so the
 * next sweep clears just those.
 */
function sweepReached(tape: Tape, root: number, seed: number, adj: Float64Array): Float64Array {
  const { kind, parentA, parentB, partialA, partialB } = tape;
  const sweep = tape.sweep;
  if (sweep.order.length < tape.size) {
    sweep.order = new Int32Array(tape.size);
    sweep.heap = new Int32Array(tape.size);
    sweep.seen = new Uint8Array(tape.size);
  }
  const { order, heap, seen } = sweep;
  let touched = 0;
  let size = 0;
  const push = (node: number): void => {
    seen[node] = 1;
    order[touched++] = node;
    // Sift up.
    let c = size++;
    while (c > 0) {
      const parent = (c - 1) >> 1;
      if (heap[parent] >= node) break;
      heap[c] = heap[parent];
      c = parent;
    }
    heap[c] = node;
  };
  adj[root] = seed;
  push(root);
  let reached = 0;
  while (size > 0) {
    const i = heap[0];
    // Sift the last entry down from the top.
    const last = heap[--size];
    let c = 0;
    for (;;) {
      let child = 2 * c + 1;
      if (child >= size) break;
      if (child + 1 < size && heap[child + 1] > heap[child]) child++;
      if (heap[child] <= last) break;
      heap[c] = heap[child];
      c = child;
    }
    heap[c] = last;
    const g = adj[i];
    if (g === 0) continue;
    reached++;
    const k = kind[i];
    if (k === NodeKind.Unary) {
      const a = parentA[i];
      adj[a] += times(g, partialA[i]);
      if (!seen[a]) push(a);
    } else if (k === NodeKind.Binary) {
      const a = parentA[i];
      const b = parentB[i];
      if (a >= 0) {
        adj[a] += times(g, partialA[i]);
        if (!seen[a]) push(a);
      }
      if (b >= 0) {
        adj[b] += times(g, partialB[i]);
        if (!seen[b]) push(b);
      }
    }
  }
  for (let j = 0; j < touched; j++) seen[order[j]] = 0;
  sweep.reached = reached;
  sweep.touched = touched;
  return adj;
}

/** Adjoints that may be tensors or AD values of outer differentiations (higher order). */
function backwardGeneric(tape: Tape, root: number, seed: Value, fuse: boolean): (Value | undefined)[] {
  const adj: (Value | undefined)[] = new Array(tape.size);
  // adj[i] is an array this sweep allocated and nothing else holds (see accumulate).
  const owned = new Uint8Array(tape.size);
  const { kind, parentA, parentB, partialA, partialB, extra } = tape;
  /*
   * Adds a cotangent contribution to node i's adjoint. Plain arrays of one shape are summed
   * by this sweep itself, into an array it then owns, and later contributions are added to
   * that array in place (as PyTorch's engine reuses a gradient buffer nobody else holds):
   * the same additions in the same order as add(prev, g), without a new array each time.
   * A node's adjoint only changes before the node itself is swept, which is when it is first
   * handed to anything else.
   */
  const accumulate = (i: number, g: Value): void => {
    const prev = adj[i];
    if (prev === undefined) adj[i] = g;
    else if (prev instanceof Tensor && g instanceof Tensor && sameShape(prev.shape, g.shape)) {
      if (owned[i]) addInPlace(prev.data, g.data, 0);
      else {
        adj[i] = new Tensor(prev.shape, sumOfArrays(prev.data, g.data));
        owned[i] = 1;
      }
    } else adj[i] = add(prev, g);
  };
  /** A block's cotangent (slice's) added straight into its input's, instead of padded with zeros first. */
  const accumulateBlock = (i: number, g: Tensor, block: NonNullable<PullbackEntry["block"]>): void => {
    const prev = adj[i];
    if (prev !== undefined && !(prev instanceof Tensor && sameShape(prev.shape, block.of.shape))) {
      accumulate(i, placeBlock(g, block.of.shape, block.offset));
      return;
    }
    if (prev !== undefined && owned[i]) {
      addInPlace(prev.data, g.data, block.offset);
      return;
    }
    const data = prev === undefined ? placeBlock(g, block.of.shape, block.offset).data : prev.data.slice();
    if (prev !== undefined) addInPlace(data, g.data, block.offset);
    adj[i] = new Tensor(block.of.shape, data);
    owned[i] = 1;
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
      if (start < i && backwardRun(tape, start, i, adj, owned)) {
        i = start;
        continue;
      }
      fusionBelow = start;
    }
    if (k === NodeKind.Unary) {
      accumulate(parentA[i], strongZeroProduct(g, partialA[i]));
    } else if (k === NodeKind.Binary) {
      if (parentA[i] >= 0) accumulate(parentA[i], strongZeroProduct(g, partialA[i]));
      if (parentB[i] >= 0) accumulate(parentB[i], strongZeroProduct(g, partialB[i]));
    } else if (k === NodeKind.Pullback) {
      const entry = extra[i] as PullbackEntry;
      if (entry.block !== undefined && g instanceof Tensor && entry.parents[0] >= 0) {
        accumulateBlock(entry.parents[0], g, entry.block);
        continue;
      }
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

/** target[offset + j] += g[j]: one contribution added in place. */
function addInPlace(target: Float64Array, g: Float64Array, offset: number): void {
  for (let j = 0; j < g.length; j++) target[offset + j] += g[j];
}

/** a + b elementwise, into a new array (add's own loop). */
function sumOfArrays(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length);
  addRule.loop!(a, b, out);
  return out;
}

/** ∂y/∂v after backward(y) on v's tape; zeros of v's shape when v did not influence y. */
export function adjointOf(v: Var): Value {
  // Released with its adjoints: x.grad of a loss kept from inside f read 0.
  if (v.tape.released) throw finishedTapeError(`${v.toString().startsWith("Var(Tensor") ? "this tape variable" : v.toString()}, whose .grad was read,`);
  const adj = v.tape.adjoints;
  if (adj === null) return zerosLike(primalOf(v.value));
  if (adj instanceof Float64Array) return adj[v.index] ?? 0;
  return adj[v.index] ?? zerosLike(primalOf(v.value));
}
