import type { Value } from "../core/value";
import { Tensor } from "../tensor/tensor";
import { NodeKind, type ElementwiseRecord, type PullbackEntry, type Tape } from "./tape";
import { ElementProgram, canDefer, elementCount } from "../tensor/deferred";
import { sameShape } from "../tensor/shape";

/*
 * Backward through a run of elementwise operations in one loop. A vectorised function such
 * as Σ sin(aᵢ)·bᵢ + exp(−aᵢ²)/(1 + aᵢ²) records one tape node per operation; swept one node
 * at a time, each node reads and writes whole arrays (a cotangent, a product with its
 * partial, an accumulation), so the gradient makes dozens of passes over memory. Nodes that
 * follow each other on the tape, are elementwise, and have the same size form a run; the
 * run's pullbacks are compiled into one loop that carries every cotangent of the run in a
 * local variable, element by element, and writes only the cotangents that leave the run.
 *
 * The loop does exactly what the node-by-node sweep does, in the same order — the same
 * partials (each rule's own, on numbers), the same products and sums — so the results are
 * the same to the last bit. Compiled code is cached by the run's shape; where code
 * generation is forbidden, or anything in the run is unusual (a nested derivative, a
 * broadcast variable), backward takes the node-by-node path.
 */

/** The elementwise record of node j, if it has one. */
function recordOf(tape: Tape, j: number): ElementwiseRecord | undefined {
  return tape.kind[j] === NodeKind.Pullback ? (tape.extra[j] as PullbackEntry).elementwise : undefined;
}

/**
 * Arrays smaller than this are swept node by node: writing a run's loop and finding it in
 * the cache costs about 10 µs, more than fusing saves below ~700 elements (measured).
 */
export const MIN_FUSED_SIZE = 1024;

/**
 * At most this many nodes in one loop: a longer run (a loop of tensor operations) is fused in
 * pieces, so every compiled function stays small enough for the engine to optimise.
 */
export const MAX_FUSED_NODES = 48;

/** How many elements a node of a run has: its result's, or for a full sum its operand's. */
function runSize(rec: ElementwiseRecord): number {
  const x = rec.sumsAll ? rec.operands[0] : rec.out;
  return typeof x === "number" ? 1 : elementCount(x);
}

/** Node j's record if it can sit inside a run of this size (a full sum can only end one). */
function inner(tape: Tape, j: number, size: number): boolean {
  const rec = recordOf(tape, j);
  return rec !== undefined && !rec.sumsAll && runSize(rec) === size;
}

/** The first node of the run of elementwise nodes of one size that ends at `last`. */
export function runStart(tape: Tape, last: number): number {
  const rec = recordOf(tape, last);
  const size = rec === undefined ? 0 : runSize(rec);
  if (size < MIN_FUSED_SIZE) return last;
  let k = last;
  while (k > 0 && last - k + 1 < MAX_FUSED_NODES && inner(tape, k - 1, size)) k--;
  return k;
}

/**
 * Which arguments of a partial it reads, from its parameter list: the rules name the ones
 * they ignore with a leading underscore (`(_a, b) => b`) and leave out trailing ones, and
 * the fused loop then does not load them (a load from an array the engine cannot drop costs
 * a pass over memory). Anything unusual in the list — defaults, destructuring, a rest
 * parameter — counts as reading everything.
 */
export function argumentsRead(partial: (...args: number[]) => number, count: number): boolean[] {
  let read = argumentsCache.get(partial);
  if (read === undefined) {
    const source = Function.prototype.toString.call(partial);
    const list = /^(?:async\s*)?(?:function\b[^(]*)?\(([^)]*)\)/.exec(source)?.[1] ?? /^([A-Za-z_$][\w$]*)\s*=>/.exec(source)?.[1];
    const names = list === undefined ? null : list.split(",").map((name) => name.trim()).filter((name) => name !== "");
    read = Array.from({ length: count }, (_, q) => {
      if (names === null || names.some((name) => !/^[A-Za-z_$][\w$]*$/.test(name))) return true;
      return q < names.length && !names[q].startsWith("_");
    });
    argumentsCache.set(partial, read);
  }
  return read;
}
const argumentsCache = new WeakMap<object, boolean[]>();

const isPlainArray = (v: Value | undefined, size: number): v is Tensor => v instanceof Tensor && elementCount(v) === size;

/** How many runs (and nodes in them, and slices' cotangents written into their input's) backward has fused: for tests and profiling. */
export const fusionStats = { runs: 0, nodes: 0, blocks: 0 };

/**
 * Propagates the adjoints of nodes k…last (a run, see runStart) to their parents in one
 * compiled loop; the parents' adjoints are then new arrays, marked in `owned`. Returns
 * false, having changed nothing, when the run cannot be fused.
 *
 * Values left pending by the forward pass (tensor/deferred.ts) are computed inside the loop,
 * element by element, where a partial needs them; a tape swept a second time (jacrev sweeps
 * once per output) computes them into arrays once instead.
 */
export function backwardRun(tape: Tape, k: number, last: number, adj: (Value | undefined)[], owned: Uint8Array): boolean {
  if (!canDefer()) return false;
  const size = runSize(recordOf(tape, last)!);
  const resweep = tape.adjoints !== null;
  // Which nodes carry a cotangent: their own (from after the run) or one from a live consumer.
  const live = new Uint8Array(last - k + 1);
  const program = new ElementProgram();
  const body = program.body;
  // Register of each run node's cotangent, and whether it holds a value yet (the first
  // contribution is assigned, later ones added — as the node-by-node sweep accumulates).
  const filled = new Uint8Array(last - k + 1);
  const external = new Map<number, { register: string; filled: boolean; shape: readonly number[] }>();
  /** Element i of an operand or result: loaded, or computed from its pending operation. */
  const element = (x: Tensor): string => (resweep ? program.load(x.data) : program.element(x));
  // Each node's own cotangent (from consumers after the run) starts its register; a full
  // sum's is one number, the same for every element.
  for (let j = last; j >= k; j--) {
    const own = adj[j];
    let start = "0";
    if (own !== undefined) {
      if (recordOf(tape, j)!.sumsAll) {
        const g = typeof own === "number" ? own : own instanceof Tensor && elementCount(own) === 1 ? own.data[0] : undefined;
        if (g === undefined) return false;
        start = program.constant(g);
      } else if (isPlainArray(own, size)) start = `${program.array(own.data)}[i]`;
      else return false;
      filled[j - k] = 1;
      live[j - k] = 1;
    }
    body.push(`let c${j - k} = ${start};`);
  }
  for (let j = last; j >= k; j--) {
    if (!live[j - k]) continue;
    const entry = tape.extra[j] as PullbackEntry;
    const rec = entry.elementwise!;
    const args = rec.operands.map((x, s): (() => string) | null => {
      if (typeof x === "number") return () => program.constant(x);
      if (elementCount(x) === size) return () => element(x);
      if (elementCount(x) === 1 && entry.parents[s] < 0) return () => program.constant(x.data[0]);
      return null;
    });
    if (args.some((a) => a === null)) return false;
    // The partials' arguments: the operands and the result at element i, each loaded (or
    // computed) once and only if some partial reads it.
    const sources = [...(args as (() => string)[]), rec.sumsAll ? () => "0" : () => element(rec.out as Tensor)];
    const names: (string | undefined)[] = [];
    const argumentList = (partial: (...args: number[]) => number): string =>
      argumentsRead(partial, sources.length)
        .map((read, q) => (read ? (names[q] ??= sources[q]()) : "0"))
        .join(", ");
    for (let s = 0; s < entry.parents.length; s++) {
      const p = entry.parents[s];
      if (p < 0) continue;
      const known = rec.partialValues?.[s];
      let term: string;
      // A strong zero, as node by node: a cotangent or a partial of 0 passes 0 whatever the
      // other (strong-zero-product.ts).
      // Written out, not called: a call per term used up the engine's inlining budget for the
      // loop (W2's gradient 40 → 60 ms).
      if (rec.sumsAll) term = `c${j - k}`;
      else {
        const c = `c${j - k}`;
        const partial = program.register("pt");
        const product = program.register("pd");
        body.push(`const ${partial} = ${known !== undefined ? `${program.array(known)}[i]` : `${program.function(rec.partials[s])}(${argumentList(rec.partials[s])})`};`);
        body.push(`const ${product} = ${c} * ${partial};`);
        term = `(${product} === ${product} || (${c} !== 0 && ${partial} !== 0) ? ${product} : 0)`;
      }
      if (p >= k) {
        // A parent inside the run: its register.
        body.push(filled[p - k] ? `c${p - k} += ${term};` : `c${p - k} = ${term};`);
        filled[p - k] = 1;
        live[p - k] = 1;
      } else {
        const operand = rec.operands[s];
        if (!(operand instanceof Tensor) || elementCount(operand) !== size) return false;
        let slot = external.get(p);
        if (slot === undefined) {
          const prior = adj[p];
          if (prior !== undefined && !isPlainArray(prior, size)) return false;
          slot = { register: `e${external.size}`, filled: prior !== undefined, shape: operand.shape };
          body.push(prior !== undefined ? `let ${slot.register} = ${program.array(prior.data)}[i];` : `let ${slot.register} = 0;`);
          external.set(p, slot);
        }
        body.push(slot.filled ? `${slot.register} += ${term};` : `${slot.register} = ${term};`);
        slot.filled = true;
      }
    }
  }
  if (external.size === 0) return true;
  const parents = [...external.keys()];
  const blocks = blockTargets(tape, parents, k, adj, owned);
  // Each output: a new array of the run's size, or the block's input's adjoint at an offset.
  const targets: { array: Float64Array; offset: number; assign: boolean }[] = [];
  const writes = parents.map((p, o) => {
    const block = blocks.get(p);
    const { register } = external.get(p)!;
    if (block === undefined) {
      targets.push({ array: new Float64Array(size), offset: 0, assign: true });
      return `out${o}[i] = ${register};`;
    }
    targets.push({ array: block.adjoint, offset: block.offset, assign: block.assign });
    return `out${o}[i + ${program.constant(block.offset)}] ${block.assign ? "=" : "+="} ${register};`;
  });
  const prologue = parents.map((_, o) => `const out${o} = O[${o}];`).join("\n");
  const run = program.compile(prologue, writes.join("\n"), "return 0;");
  if (run === null) return false;
  program.run(
    run,
    targets.map((t) => t.array),
    size,
  );
  fusionStats.runs++;
  fusionStats.nodes += last - k + 1;
  fusionStats.blocks += blocks.size;
  parents.forEach((p, o) => {
    const block = blocks.get(p);
    if (block === undefined) {
      adj[p] = new Tensor(external.get(p)!.shape, targets[o].array);
      owned[p] = 1;
    } else {
      adj[block.input] = new Tensor(block.inputShape, block.adjoint);
      owned[block.input] = 1;
    }
  });
  return true;
}

/** Where a run writes a slice's cotangent straight into its input's adjoint (see blockTargets). */
interface BlockTarget {
  readonly input: number;
  readonly inputShape: readonly number[];
  readonly adjoint: Float64Array;
  readonly offset: number;
  /** Store (into a new adjoint) rather than add. */
  readonly assign: boolean;
}

/**
 * The run's outputs that are slices (W2's x[:-1] and x[1:]) whose cotangents can go straight
 * into their input's adjoint, at the slice's offset, instead of into an array of their own
 * that backward then places among zeros and adds — two arrays and two passes fewer. Only
 * where the sum comes out the same to the last bit as node by node: the slice has no other
 * consumer still to sweep and no cotangent yet; every consumer of the input still to sweep
 * (before the run) is one of these slices; and the additions happen in the same order: into
 * a new adjoint, at most two slices, the one swept first by node (the later one on the tape)
 * at the larger offset (so the loop reaches each element in its order too) and stored; into
 * an existing adjoint, one slice; and never an input the run also reads directly.
 */
function blockTargets(tape: Tape, parents: readonly number[], k: number, adj: (Value | undefined)[], owned: Uint8Array): Map<number, BlockTarget> {
  const targets = new Map<number, BlockTarget>();
  const byInput = new Map<number, number[]>();
  for (const p of parents) {
    const entry = tape.kind[p] === NodeKind.Pullback ? (tape.extra[p] as PullbackEntry) : undefined;
    if (entry?.block === undefined || entry.parents[0] < 0 || adj[p] !== undefined || consumersBetween(tape, p, p + 1, k).length > 0) continue;
    const q = entry.parents[0];
    byInput.set(q, [...(byInput.get(q) ?? []), p]);
  }
  for (const [q, slices] of byInput) {
    // An input the run also reads directly gets its own output.
    if (parents.includes(q)) continue;
    slices.sort((a, b) => b - a);
    // Consumers of q still to sweep before the run's slices would add out of order.
    if (!consumersBetween(tape, q, slices[slices.length - 1], k).every((j) => slices.includes(j))) continue;
    const blockOf = (p: number) => (tape.extra[p] as PullbackEntry).block!;
    const shape = blockOf(slices[0]).of.shape;
    const prior = adj[q];
    if (prior === undefined) {
      if (slices.length > 2 || (slices.length === 2 && blockOf(slices[0]).offset <= blockOf(slices[1]).offset)) continue;
      const adjoint = new Float64Array(blockOf(slices[0]).of.data.length);
      slices.forEach((p, s) => targets.set(p, { input: q, inputShape: shape, adjoint, offset: blockOf(p).offset, assign: s === 0 }));
    } else if (slices.length === 1 && prior instanceof Tensor && sameShape(prior.shape, shape)) {
      // Added in place, into a copy unless backward owns the adjoint (see backward.ts's accumulate).
      const adjoint = owned[q] ? prior.data : prior.data.slice();
      targets.set(slices[0], { input: q, inputShape: shape, adjoint, offset: blockOf(slices[0]).offset, assign: false });
    }
  }
  return targets;
}

/** The nodes in [from, to) that take node q as an input. */
function consumersBetween(tape: Tape, q: number, from: number, to: number): number[] {
  const found: number[] = [];
  for (let j = from; j < to; j++) {
    const kind = tape.kind[j];
    const uses =
      kind === NodeKind.Pullback
        ? (tape.extra[j] as PullbackEntry).parents.includes(q)
        : (kind === NodeKind.Unary || kind === NodeKind.Binary) && (tape.parentA[j] === q || (kind === NodeKind.Binary && tape.parentB[j] === q));
    if (uses) found.push(j);
  }
  return found;
}
