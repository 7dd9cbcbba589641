import type { Value } from "../core/value";
import type { Tensor } from "../tensor/tensor";
import { DifferentiationError } from "../errors";

/** How a tape node was made; decides how backward treats it. */
export const enum NodeKind {
  /** An input (`variable(x)`); nothing to propagate. */
  Leaf = 0,
  /** A scalar op of one input whose local partial is a plain number. */
  Unary = 1,
  /** A scalar op of two inputs whose local partials are plain numbers. */
  Binary = 2,
  /** Any other primitive: input indices and a pullback closure in `extra`. */
  Pullback = 4,
}

/** A primitive recorded with its pullback: cotangent of the output → cotangents of the inputs. */
export interface PullbackEntry {
  /** Tape indices of the inputs, -1 for inputs that are not on this tape (constants). */
  readonly parents: readonly number[];
  readonly pullback: (gOut: Value) => readonly (Value | null)[];
  /** Set for an elementwise rule on plain arrays: backward may fuse a run of them (fused-runs.ts). */
  readonly elementwise?: ElementwiseRecord;
  /** Set when the node's result is a block of its one input, a plain array, at this element offset (slice). */
  readonly block?: { readonly offset: number; readonly of: Tensor };
}

/**
 * An elementwise operation on plain tensors as backward's fusion needs it: the rule's
 * partials (one per operand, on numbers: partial(x, out) or partial(a, b, out)), the
 * operands and the result. Every operand on the tape has the result's size; a constant
 * operand may also be a single number. A sum of all elements (`sumsAll`) is recorded too:
 * it can end a run, its cotangent one number spread over its operand.
 */
export interface ElementwiseRecord {
  /** Identifies the rule (the object its partials come from) in the fused code's cache. */
  readonly rule: object;
  readonly partials: readonly ((...args: number[]) => number)[];
  /** Partials already computed with the value (UnaryRule.partialWithValue), per operand. */
  readonly partialValues?: readonly Float64Array[];
  readonly operands: readonly (number | Tensor)[];
  /** The result: an array of the operands' size, or — for `sumsAll` — the sum. */
  readonly out: Tensor | number;
  /** The node is sum(operands[0]) over every element: its partial is 1 everywhere. */
  readonly sumsAll?: boolean;
}

/** What a traced tape remembers of one scalar operation. */
export interface TraceEntry {
  readonly name: string;
  readonly value: number;
  /** A constant first/second operand (where the node's parent is −1). */
  readonly constA?: number;
  readonly constB?: number;
}

const INITIAL_CAPACITY = 1024;
const EMPTY_INDICES = new Int32Array(0);

/** Buffers of finished tapes, reused so a loop of grad calls does not reallocate them. */
interface Buffers {
  kind: Uint8Array;
  parentA: Int32Array;
  parentB: Int32Array;
  partialA: Float64Array;
  partialB: Float64Array;
}
let pooled: Buffers | null = null;

/**
 * Whether buffers of this capacity, of which a tape used `used` entries, are too large to
 * keep: a small grad after a large one lets the large buffers go. The pool kept the largest
 * ever made for the rest of the session (274 MB after one grad of 6·10⁶ scalar operations);
 * a loop of large grads still reuses them (without: 1.8× the time of a 1.8·10⁶-node grad).
 */
function oversized(capacity: number, used: number): boolean {
  return capacity > 1 << 16 && used * 8 < capacity;
}

/**
 * The adjoint buffer of a released tape, for the next backward sweep. A fresh Float64Array
 * per gradient (10⁵ entries, 800 kB, on W1) is memory the system hands out page by page:
 * measured, pooling it took W1's valueAndGrad from 21× to 17× the plain loop.
 */
let pooledAdjoints: Float64Array | null = null;

/** A zeroed buffer of `size` adjoints: the pooled one (taken out of the pool) when it is large enough. */
export function adjointBuffer(size: number): Float64Array {
  const pool = pooledAdjoints;
  if (pool === null || pool.length < size) return new Float64Array(size);
  pooledAdjoints = null;
  return pool.subarray(0, size).fill(0);
}

/**
 * The reverse-mode tape: a flat list of nodes in execution order (STYLE.md: no recursive
 * topological sort, so long tapes cannot overflow the stack). Scalar ops on plain numbers —
 * by far the most common in notebook code — store their parents and local partials in
 * typed arrays, so recording allocates nothing but the result `Var` and backward is a
 * tight loop. Everything else stores an entry in `extra`.
 */
export class Tape {
  size = 0;
  kind: Uint8Array;
  parentA: Int32Array;
  parentB: Int32Array;
  partialA: Float64Array;
  partialB: Float64Array;
  extra: (PullbackEntry | undefined)[] = [];
  /**
   * For worked derivations only: each scalar node's operation, value and constant operands.
   * null (the default) records nothing.
   */
  trace: (TraceEntry | undefined)[] | null = null;
  /** True while every node is a plain-number scalar op: backward may use the fast loop. */
  plain = true;
  /** Adjoints after `backward`, indexed like the nodes. */
  adjoints: Float64Array | (Value | undefined)[] | null = null;
  /**
   * What the last plain sweep of this tape reached (backward.ts): how many nodes, and — after
   * a sweep of the reached nodes alone — which were given an adjoint (`order`, `touched` of
   * them), with that sweep's work arrays.
   */
  sweep = { reached: Infinity, touched: 0, order: EMPTY_INDICES, heap: EMPTY_INDICES, seen: new Uint8Array(0) };
  /**
   * Made for variable() outside any differentiation. Two such tapes are never one inside the
   * other (a backward ends one, the next variable starts another): combining their values is
   * an error (core/stale-variables.ts), not a nesting.
   */
  byHand = false;

  constructor(readonly tag: number) {
    const b = pooled ?? {
      kind: new Uint8Array(INITIAL_CAPACITY),
      parentA: new Int32Array(INITIAL_CAPACITY),
      parentB: new Int32Array(INITIAL_CAPACITY),
      partialA: new Float64Array(INITIAL_CAPACITY),
      partialB: new Float64Array(INITIAL_CAPACITY),
    };
    pooled = null;
    this.kind = b.kind;
    this.parentA = b.parentA;
    this.parentB = b.parentB;
    this.partialA = b.partialA;
    this.partialB = b.partialB;
  }

  /**
   * Hands this tape's buffers to the next tape. Only for tapes that nothing can reach any
   * more (grad and jacrev call it once they have read the adjoints); recording on a
   * released tape is an error, not silent corruption.
   */
  release(): void {
    if (this.released) return;
    this.released = true;
    if (!oversized(this.kind.length, this.size) && (!pooled || pooled.kind.length < this.kind.length)) {
      pooled = { kind: this.kind, parentA: this.parentA, parentB: this.parentB, partialA: this.partialA, partialB: this.partialB };
    }
    // The whole buffer, also when the adjoints were a view of a larger pooled one.
    const adj = this.adjoints;
    if (adj instanceof Float64Array && !oversized(adj.buffer.byteLength / 8, adj.length) && (pooledAdjoints === null || pooledAdjoints.length * 8 < adj.buffer.byteLength)) {
      pooledAdjoints = new Float64Array(adj.buffer);
    }
    const empty = new Uint8Array(0);
    this.kind = empty;
    this.size = 0;
    this.extra = [];
    this.adjoints = null;
  }

  released = false;

  /** Doubles the buffers; a released tape (its buffers emptied) fails here, on its first push. */
  private grow(): void {
    if (this.released) throw finishedTapeError("this tape variable");
    const capacity = this.kind.length * 2;
    const kind = new Uint8Array(capacity);
    kind.set(this.kind);
    this.kind = kind;
    const parentA = new Int32Array(capacity);
    parentA.set(this.parentA);
    this.parentA = parentA;
    const parentB = new Int32Array(capacity);
    parentB.set(this.parentB);
    this.parentB = parentB;
    const partialA = new Float64Array(capacity);
    partialA.set(this.partialA);
    this.partialA = partialA;
    const partialB = new Float64Array(capacity);
    partialB.set(this.partialB);
    this.partialB = partialB;
  }

  /**
   * Appends a node and returns its index. Kept small (the released check lives in grow):
   * it is inlined into every recorded operation, and V8 inlines by bytecode size within a
   * budget per function. An operation's compiled code holds its tape path even where only
   * duals flow, so this also left room for more of the dual path: measured on W1,
   * valueAndGrad 16.7× → 15.7× and jvp 12.8× → 10.9× the plain loop.
   */
  private push(kind: NodeKind): number {
    if (this.size === this.kind.length) this.grow();
    const i = this.size++;
    this.kind[i] = kind;
    return i;
  }

  leaf(value: Value): number {
    if (typeof value !== "number") this.plain = false;
    return this.push(NodeKind.Leaf);
  }

  unary(parent: number, partial: number): number {
    const i = this.push(NodeKind.Unary);
    this.parentA[i] = parent;
    this.partialA[i] = partial;
    return i;
  }

  /** A parent of -1 is a constant operand. */
  binary(parentA: number, partialA: number, parentB: number, partialB: number): number {
    const i = this.push(NodeKind.Binary);
    this.parentA[i] = parentA;
    this.partialA[i] = partialA;
    this.parentB[i] = parentB;
    this.partialB[i] = partialB;
    return i;
  }

  pullback(entry: PullbackEntry): number {
    this.plain = false;
    const i = this.push(NodeKind.Pullback);
    this.extra[i] = entry;
    return i;
  }
}

/**
 * The error for a tape variable of a released tape (grad, valueAndGrad, jacrev and jacobian
 * release theirs when they finish), used in an operation, swept by backward or asked for its
 * grad: the tape is gone, so a result would be a silent 0 — `what` names the use.
 */
export function finishedTapeError(what: string): DifferentiationError {
  return new DifferentiationError(
    `${what} belongs to a differentiation that has finished: a value kept from inside a differentiated function ` +
      "(losses.push(loss) in f, say) is used after it — keep primal(loss), its number, instead — or a variable() made before " +
      "a backward is used after it — make a new one with variable(x)",
  );
}
