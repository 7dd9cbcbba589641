import { Tensor } from "./tensor";
import { sum } from "./kernels/reduce";

/*
 * Elementwise results computed when first read. Inside a differentiation, a vectorised
 * function such as Σ sin(aᵢ)·bᵢ + exp(−aᵢ²)/(1 + aᵢ²) makes one array per operation —
 * eight arrays of 10⁶ numbers for one sum — and each is written once and read once or
 * twice. An elementwise operation on a large array there records what to compute instead
 * (the rule's function and its operands): a `Pending` tensor. Reading `.data` computes it;
 * a full `sum` of it, and backward's fused loops (reverse/fused-runs.ts), compute the whole
 * chain element by element in one compiled loop, so the arithmetic's intermediate arrays are
 * never made; the values that cost more to compute again than to store (sin, exp …) are
 * stored as the forward loop computes them, for backward (as JAX's remat policies choose
 * what to save). This is what XLA's fusion does for JAX. Every element is computed by the
 * same function calls in the same order as an eager pass, so the numbers are the same to
 * the last bit.
 */

/** An elementwise result not computed yet: `fn` applied to the operands at each element. */
export interface Pending {
  /** The rule's function on numbers; also identifies it in the compiled code's cache. */
  readonly fn: (...args: number[]) => number;
  /** Arrays of the result's size (computed or pending) or single numbers. */
  readonly operands: readonly (number | Tensor)[];
  /** The result's number of elements. */
  readonly length: number;
  /** Pending operations this value depends on, itself included (shared ones counted per use: a bound). */
  readonly count: number;
  /**
   * Whether a loop computing this value for another keeps it in an array (see keeping):
   * true for functions that cost more to compute again than to store (sin, exp …), false
   * for arithmetic.
   */
  readonly keep: boolean;
}

/**
 * Longest chain of pending operations: a longer one (a loop of tensor operations) computes
 * its operands first, so compiled loops stay small enough for the engine to optimise.
 */
export const MAX_PENDING = 32;

/** Smallest array worth deferring: below it, writing and looking up a loop costs more than the arrays (measured for backward's fusion). */
export const MIN_DEFERRED_SIZE = 1024;

/** How many elements a tensor has, without computing a pending one. */
export function elementCount(t: Tensor): number {
  return t.pending === null ? t.data.length : t.pending.length;
}

/** How many pending operations computing `x` takes (0 for a computed array or a number). */
export function pendingCount(x: number | Tensor): number {
  return typeof x === "number" || x.pending === null ? 0 : x.pending.count;
}

/**
 * The statements of one element of a loop over arrays of one size: loads of computed
 * arrays, constants, and the pending operations behind any tensor asked for, each computed
 * once per element however often it is used. Backward's fused loops write theirs with the
 * same program, so they recompute pending values instead of reading arrays that were
 * never made.
 */
export class ElementProgram {
  /** Computed arrays the loop reads, as `D[j]`. */
  readonly arrays: Float64Array[] = [];
  /** Numbers the loop reads, as `K[j]`. */
  readonly constants: number[] = [];
  /** Functions the loop calls, as parameters of the compiled code (so each call site sees one). */
  readonly functions: ((...args: number[]) => number)[] = [];
  readonly declarations: string[] = [];
  /** Statements inside the loop, in order; callers add theirs here too. */
  readonly body: string[] = [];
  private readonly arrayNames = new Map<Float64Array, string>();
  private readonly functionNames = new Map<object, string>();
  private readonly elementNames = new Map<Tensor, string>();
  private readonly loadNames = new Map<Float64Array, string>();
  private registers = 0;
  /** Pending values this loop stores as it computes them (see keeping), with their arrays. */
  readonly kept: { tensor: Tensor; array: Float64Array }[] = [];

  /**
   * @param keeping Store the intermediate values worth keeping (Pending.keep) while computing
   * others: the forward pass of a differentiation computes sin(a) inside Σ sin(a)·b, and
   * backward needs it again (the partial of ·b); reading it back costs less than sin.
   * Backward's own loops pass false: nothing runs after them that needs those values.
   */
  constructor(private readonly keeping = false) {}

  /** The tensor the loop itself writes (computePending's): not kept a second time. */
  output: Tensor | null = null;

  /** The array's name in the loop (`d0`, …), declared once. */
  array(a: Float64Array): string {
    let name = this.arrayNames.get(a);
    if (name === undefined) {
      this.arrays.push(a);
      name = `d${this.arrays.length - 1}`;
      this.declarations.push(`const ${name} = D[${this.arrays.length - 1}];`);
      this.arrayNames.set(a, name);
    }
    return name;
  }

  /** A number's name in the loop. */
  constant(x: number): string {
    this.constants.push(x);
    const name = `k${this.constants.length - 1}`;
    this.declarations.push(`const ${name} = K[${this.constants.length - 1}];`);
    return name;
  }

  /** A function's name in the loop (one parameter per distinct function). */
  function(f: (...args: number[]) => number): string {
    let name = this.functionNames.get(f);
    if (name === undefined) {
      this.functions.push(f);
      name = `f${this.functions.length - 1}`;
      this.functionNames.set(f, name);
    }
    return name;
  }

  /** A fresh name for a value inside the loop. */
  register(prefix = "r"): string {
    return `${prefix}${this.registers++}`;
  }

  /** Element i of a computed array, loaded once into a register. */
  load(a: Float64Array): string {
    let name = this.loadNames.get(a);
    if (name === undefined) {
      name = this.register("a");
      this.body.push(`const ${name} = ${this.array(a)}[i];`);
      this.loadNames.set(a, name);
    }
    return name;
  }

  /** Element i of a tensor or number: loaded, or computed from its pending operation. */
  element(x: number | Tensor): string {
    if (typeof x === "number") return this.constant(x);
    if (x.pending === null) return this.load(x.data);
    let name = this.elementNames.get(x);
    if (name === undefined) {
      const { fn, operands } = x.pending;
      const args = operands.map((operand) => this.element(operand));
      name = this.register();
      this.body.push(`const ${name} = ${this.function(fn)}(${args.join(", ")});`);
      this.elementNames.set(x, name);
      if (this.keeping && x.pending.keep && x !== this.output) {
        const array = new Float64Array(x.pending.length);
        this.kept.push({ tensor: x, array });
        this.body.push(`${this.array(array)}[i] = ${name};`);
      }
    }
    return name;
  }

  /**
   * Compiles `for (i < n) { body; tail }` between a prologue and an epilogue, as a function
   * of (D, K, O, n) — the arrays, the constants, output arrays and the length — cached by
   * its source and functions. Null where code generation is forbidden.
   */
  compile(prologue: string, tail: string, epilogue: string): CompiledLoop | null {
    const source = `${this.declarations.join("\n")}\n${prologue}\nfor (let i = 0; i < n; i++) {\n${this.body.join("\n")}\n${tail}\n}\n${epilogue}`;
    const key = `${this.functions.map(functionId).join(",")}|${source}`;
    let loop = cache.get(key);
    if (loop === undefined) {
      try {
        const params = this.functions.map((_, j) => `f${j}`);
        loop = new Function(...params, `return function elementLoop(D, K, O, n) {\n${source}\n};`)(...this.functions) as CompiledLoop;
      } catch (e) {
        // A Content-Security-Policy forbids compiling code (an EvalError): nothing is deferred
        // from then on. Anything else (a stack overflow, say) fails this loop alone.
        if (e instanceof EvalError) codegenWorks = false;
        return null;
      }
      if (cache.size > 512) cache.clear();
      cache.set(key, loop);
    }
    return loop;
  }

  /** Runs a compiled loop over n elements with this program's arrays and constants. */
  run(loop: CompiledLoop, outputs: Float64Array[], n: number): number {
    const result = loop(this.arrays, this.constants, outputs, n);
    for (const { tensor, array } of this.kept) tensor.settle(array);
    return result;
  }
}

export type CompiledLoop = (D: Float64Array[], K: number[], O: Float64Array[], n: number) => number;

const cache = new Map<string, CompiledLoop>();
const functionIds = new WeakMap<object, number>();
let nextFunctionId = 0;
let codegenWorks = true;

function functionId(f: object): number {
  let id = functionIds.get(f);
  if (id === undefined) functionIds.set(f, (id = nextFunctionId++));
  return id;
}

/** False once a Content-Security-Policy has forbidden compiling code: nothing is deferred then. */
export function canDefer(): boolean {
  return codegenWorks;
}

/** Pending tensors made since the outermost differentiation running now began. */
const madeInDifferentiation: Tensor[] = [];
/** Tensor.made() as the outermost differentiation running now began. */
let madeBefore = 0;

/** For Tensor.deferred: a pending tensor made, to be detached when its differentiation ends. */
export function madePending(t: Tensor): void {
  madeInDifferentiation.push(t);
}

/** Called as the outermost differentiated function starts: tensors made from now on are its own. */
export function differentiationBegins(): void {
  madeBefore = Tensor.made();
}

/**
 * Called as the outermost differentiated function returns: the pending tensors it made read
 * copies of the arrays made before it (its arguments, tensors it captured) from then on. A
 * value the function kept in a closure and displayed afterwards read them as they were then,
 * after an optimiser's step on `W.data` in place, where an eager pass had read them before.
 * One copy per such array, however many pending tensors read it; arrays the function made
 * (slices of its argument) are not copied: only the function had them.
 */
export function detachPending(): void {
  // Most differentiations (every scalar one) leave nothing pending.
  if (madeInDifferentiation.length === 0) return;
  const copies = new Map<Tensor, Tensor>();
  const detached = (x: number | Tensor): number | Tensor => {
    if (typeof x === "number" || x.pending !== null || x.madeSince(madeBefore)) return x;
    let copy = copies.get(x);
    if (copy === undefined) copies.set(x, (copy = new Tensor(x.shape, x.data.slice())));
    return copy;
  };
  for (const t of madeInDifferentiation) {
    if (t.pending !== null) t.pending = { ...t.pending, operands: t.pending.operands.map(detached) };
  }
  madeInDifferentiation.length = 0;
}

/** Computes a pending tensor's elements into a new array (Tensor's `data` getter calls this). */
export function computePending(t: Tensor): Float64Array {
  const pending = t.pending!;
  const program = new ElementProgram(true);
  program.output = t;
  const value = program.element(t);
  const out = new Float64Array(pending.length);
  const loop = program.compile("const out = O[0];", `out[i] = ${value};`, "return 0;");
  if (loop !== null) program.run(loop, [out], out.length);
  else computeSlowly(t, out);
  return out;
}

/** The sum of a pending tensor's elements, in index order (as the sum kernel adds), without making the array. */
export function sumPending(t: Tensor): number {
  const program = new ElementProgram(true);
  const value = program.element(t);
  const loop = program.compile("let s = 0;", `s += ${value};`, "return s;");
  // Without compiled code: the array, then the sum kernel.
  if (loop === null) return sum(t).data[0];
  return program.run(loop, [], t.pending!.length);
}

/** The same elements without compiled code: operands computed first, then fn per element. */
function computeSlowly(t: Tensor, out: Float64Array): void {
  const { fn, operands } = t.pending!;
  const arrays = operands.map((x) => (typeof x === "number" ? null : x.data));
  const args = new Array<number>(operands.length);
  for (let i = 0; i < out.length; i++) {
    for (let j = 0; j < operands.length; j++) args[j] = arrays[j]?.[i] ?? (operands[j] as number);
    out[i] = fn(...args);
  }
}
