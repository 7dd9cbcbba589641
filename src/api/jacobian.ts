import type { Value } from "../core/value";
import { differentiating, newTag } from "../core/tags";
import { Tape } from "../reverse/tape";
import { Var } from "../reverse/var";
import { backward } from "../reverse/backward";
import { argnumList, assertFunction, type AuxOption, checkOptions, type DiffOptions, shapeResults } from "./options";
import { withAux } from "./aux";
import { assemble, containerOf, containerShape, nest, outputOf, type Container } from "./containers";
import { forwardInput, isParameterTree, mapLeaves, ownLevel, pick, reverseInput, sizeOfArgument, tangentAt, type ReverseInput } from "./seed";
import { sizeOf } from "../tensor/shape";
import { checkJacobianSize } from "./jacobian-size";
import { Dual } from "../forward/dual";
import { Tensor } from "../tensor/tensor";
import { isScalarValue, isValue, shapeOf } from "../core/value";
import { elementsOf } from "../ops/pack";
import { rememberingPrimals } from "../core/primitive";
import { displayAsHeatmap } from "../display/derivative-display";
import { flattenArguments, outputsOutside } from "./trees";
import type { AnyFunction, ArgumentList, FirstArgument, JacobianEach, JacobianOf, Like, LikeEach, OneArgument, ArgumentOf, ResultLike } from "./types";



type Fn = (...args: never[]) => unknown;

const JACOBIAN_OPTIONS = ["argnums", "layout", "hasAux"] as const;

/**
 * The Jacobian by reverse mode: one forward pass, then one backward pass per output
 * element on the same tape. Best when f has fewer outputs than inputs. Options, lists and
 * objects of outputs or parameters, and `hasAux`, as `jacobian`'s.
 *
 * @example
 * jacrev((x: number[]) => [x[0] * x[1], x[0] + x[1]])([2, 3])  // [[3, 2], [1, 1]]
 * jacrev((x: number[]) => [[x[0] * x[1]], x[0] + x[1]], { hasAux: true })([2, 3])  // [[[3, 2]], 5]
 */
export function jacrev<F extends AnyFunction>(f: F, opts?: FirstArgument<DiffOptions>): (...args: any[]) => JacobianOf<ReturnType<F>, ArgumentOf<F, 0>>;
export function jacrev<F extends AnyFunction, const N extends readonly number[]>(f: F, opts: ArgumentList<DiffOptions, N>): (...args: any[]) => JacobianEach<F, N>;
export function jacrev<F extends AnyFunction, N extends number>(f: F, opts: OneArgument<DiffOptions, N>): (...args: any[]) => JacobianOf<ReturnType<F>, ArgumentOf<F, N>>;
export function jacrev(f: Fn, opts?: DiffOptions & AuxOption): (...args: any[]) => any;
export function jacrev(f: Fn, opts?: DiffOptions & AuxOption): (...args: unknown[]) => unknown {
  assertFunction(f, "jacrev");
  checkOptions(opts, "jacrev", JACOBIAN_OPTIONS);
  if (opts?.hasAux) {
    const { hasAux: _, ...rest } = opts;
    return (...args) => withAux(f, "jacrev", (g) => jacrev(g, rest)(...args));
  }
  return (...args) => {
    const results = argnumList(opts, args.length, "jacrev").map((i) => (isParameterTree(args[i]) ? overTree(jacrev, f, args, i, opts) : jacrevOne(f, args, i, opts)));
    return shapeResults(opts, results);
  };
}

/** f run once on a new tape with argument `argnum` as its variables: the start of reverse mode. */
interface Recording {
  readonly tape: Tape;
  readonly input: ReverseInput;
  readonly y: unknown;
}

function record(f: Fn, args: unknown[], argnum: number, fname: string): Recording {
  const tape = new Tape(newTag());
  const input = reverseInput(args[argnum], tape, `${fname}: argument ${argnum}`);
  const callArgs = args.slice();
  callArgs[argnum] = input.arg;
  return { tape, input, y: ownLevel(differentiating(tape.tag, () => f(...(callArgs as never[]))), tape.tag) };
}

/** The number of scalars in f's result. */
function outputSize(y: unknown, fname: string): number {
  if (isValue(y)) return sizeOf(shapeOf(y));
  return sizeOf(containerShape(outputOf(y, fname).container));
}

function jacrevOne(f: Fn, args: unknown[], argnum: number, opts?: DiffOptions, recorded?: Recording): unknown {
  const recording = recorded ?? record(f, args, argnum, "jacrev");
  // A list or a record of outputs: one Jacobian per output, each swept back on this one tape.
  const jacobian = isParameterTree(recording.y) ? mapLeaves(recording.y, (output) => jacrevRows(opts, { ...recording, y: output })) : jacrevRows(opts, recording);
  // The rows are copies: the tape's buffers can serve the next one (W5's Hessian makes one per
  // call), and a value kept from inside f is an error from here on (tensor tapes too).
  recording.tape.release();
  return jacobian;
}

/** The Jacobian of one output by reverse mode: one sweep back per output element. */
function jacrevRows(opts: DiffOptions | undefined, { tape, input, y }: Recording): unknown {
  const n = sizeOf(containerShape(input.container));
  const rows: Block[] = [];
  // ∂(this backward's root)/∂x: a Tensor for a Tensor input, the scalars of an array input.
  const leaves = input.leaves;
  const adjointRow = (): Block => {
    // Plain adjoints of an array argument: read straight off the tape's adjoint buffer.
    const adj = tape.adjoints;
    if (leaves && adj instanceof Float64Array) {
      const row = new Float64Array(leaves.length);
      for (let j = 0; j < leaves.length; j++) row[j] = adj[leaves[j]] ?? 0;
      return row;
    }
    return input.container.kind === "tensor" ? (input.adjoint() as Value) : input.adjointElements();
  };
  // A tensor result on this tape: seed one-hot cotangents directly (no per-element entries).
  if (y instanceof Var && y.tape === tape && !isScalarValue(y)) {
    const shape = shapeOf(y);
    const m = sizeOf(shape);
    checkJacobianSize(m, n, "jacrev");
    for (let k = 0; k < m; k++) {
      const seed = new Float64Array(m);
      seed[k] = 1;
      backward(y, new Tensor(shape, seed));
      rows.push(adjointRow());
    }
    return layoutJacobian(gather(rows, m, n, true), { kind: "tensor", shape }, input.container, opts);
  }
  const out = outputOf(y, "jacrev");
  checkJacobianSize(out.elements.length, n, "jacrev");
  for (const e of out.elements) {
    if (e instanceof Var && e.tape === tape) {
      backward(e);
      rows.push(adjointRow());
    } else {
      rows.push(new Array<Value>(n).fill(0));
    }
  }
  return layoutJacobian(gather(rows, out.elements.length, n, true), out.container, input.container, opts);
}

/**
 * The Jacobian by forward mode: one pass with dual numbers per input element. Best when
 * f has fewer inputs than outputs. Options, lists and objects of outputs or parameters,
 * and `hasAux`, as `jacobian`'s.
 *
 * @example
 * jacfwd((t: number) => [Math.cos(t), Math.sin(t), t * t])(Math.PI / 2)  // [-1, 0, π]  (≈)
 * jacfwd((q: { a: number; b: number }) => [q.a * q.b, q.a])({ a: 2, b: 3 })  // { a: [3, 1], b: [2, 0] }
 */
export function jacfwd<F extends AnyFunction>(f: F, opts?: FirstArgument<DiffOptions>): (...args: any[]) => JacobianOf<ReturnType<F>, ArgumentOf<F, 0>>;
export function jacfwd<F extends AnyFunction, const N extends readonly number[]>(f: F, opts: ArgumentList<DiffOptions, N>): (...args: any[]) => JacobianEach<F, N>;
export function jacfwd<F extends AnyFunction, N extends number>(f: F, opts: OneArgument<DiffOptions, N>): (...args: any[]) => JacobianOf<ReturnType<F>, ArgumentOf<F, N>>;
export function jacfwd(f: Fn, opts?: DiffOptions & AuxOption): (...args: any[]) => any;
export function jacfwd(f: Fn, opts?: DiffOptions & AuxOption): (...args: unknown[]) => unknown {
  assertFunction(f, "jacfwd");
  checkOptions(opts, "jacfwd", JACOBIAN_OPTIONS);
  if (opts?.hasAux) {
    const { hasAux: _, ...rest } = opts;
    return (...args) => withAux(f, "jacfwd", (g) => jacfwd(g, rest)(...args));
  }
  return (...args) => {
    const results = argnumList(opts, args.length, "jacfwd").map((i) => (isParameterTree(args[i]) ? overTree(jacfwd, f, args, i, opts) : jacfwdOne(f, args, i, opts)));
    return shapeResults(opts, results);
  };
}

function jacfwdOne(f: Fn, args: unknown[], argnum: number, opts?: DiffOptions): unknown {
  const what = `jacfwd: argument ${argnum}`;
  const inContainer = containerOf(args[argnum], what);
  const n = sizeOfArgument(args[argnum], what);
  const columns: Block[] = [];
  let outContainer: Container = { kind: "scalar" };
  // A list or an object of outputs: each pass's result is kept, for one Jacobian per output.
  const passes: { y: unknown; tag: number }[] = [];
  // One pass per input; the primal computations are the same in every pass, so they are
  // remembered (core/primitive.ts) and only the tangents are computed again.
  rememberingPrimals((firstPassDone) => {
    for (let i = 0; i < n; i++) {
      if (i === 1) firstPassDone();
      const tag = newTag();
      const callArgs = args.slice();
      callArgs[argnum] = forwardInput(args[argnum], i, tag, what);
      const y = ownLevel(differentiating(tag, () => f(...(callArgs as never[]))), tag);
      if (passes.length > 0 || (i === 0 && isParameterTree(y))) {
        passes.push({ y, tag });
        continue;
      }
      const { container, column } = columnOf(y, tag);
      // After the first pass the output's size is known: all n passes would be needed to fail later.
      if (i === 0) checkJacobianSize(sizeOf(containerShape(container)), n, "jacfwd");
      outContainer = container;
      columns.push(column);
    }
  });
  const assembleOne = (container: Container, cols: Block[]): unknown => layoutJacobian(gather(cols, sizeOf(containerShape(container)), n, false), container, inContainer, opts);
  if (passes.length > 0) {
    return mapLeaves(passes[0].y, (_output, path) => {
      const perPass = passes.map(({ y, tag }) => columnOf(pick(y, path), tag));
      return assembleOne(perPass[0].container, perPass.map((c) => c.column));
    });
  }
  if (n === 0) {
    // No passes: the outputs' shapes come from f itself.
    return mapLeaves(f(...(args as never[])), (output) => assembleOne(outputOf(output, "jacfwd").container, []));
  }
  return assembleOne(outContainer, columns);
}

/** One output's column of the Jacobian from the forward pass under `tag`, and the output's container. */
function columnOf(y: unknown, tag: number): { container: Container; column: Block } {
  // A dual tensor result: its tangent is the whole column at once.
  if (y instanceof Dual && y.tag === tag && !isScalarValue(y)) return { container: { kind: "tensor", shape: shapeOf(y) }, column: y.tangent };
  const out = outputOf(y, "jacfwd");
  return { container: out.container, column: out.elements.map((e) => tangentAt(e, tag)) };
}

/**
 * The Jacobian of f, in numerator layout: for f: S_in → S_out its shape is S_out ++ S_in
 * (`{ layout: "denominator" }` gives S_in ++ S_out). Picks forward mode when f has fewer
 * inputs than outputs, reverse mode otherwise.
 * A list or an object of outputs gives one Jacobian per output, in the same list or object;
 * an object or a list of parameters as the argument, one Jacobian per field. Both at once
 * nest as S_out ++ S_in does (and as JAX's): the output outside, `J.loss.W` is ∂loss/∂W. The
 * denominator layout transposes each block, not this nesting. With `argnums: [0, 1]` the list
 * of arguments is outermost, `[J0, J1]` (JAX puts an output list or object outside it).
 * With `{ hasAux: true }` f returns [value, aux] and the result is [Jacobian of value, aux],
 * as JAX's has_aux (jacfwd and jacrev take it too).
 *
 * @example
 * jacobian((x: number[]) => [x[0] ** 2 + x[1], x[0] * x[1]])([1, 2])  // [[2, 1], [2, 1]]
 * jacobian((x: number[]) => ({ p: x[0] * x[1], s: [x[0], x[1] ** 2] }))([1, 2])  // { p: [2, 1], s: [[1, 0], [0, 4]] }
 * jacobian((q: { a: number; b: number }) => ({ u: q.a * q.b, v: q.a }))({ a: 2, b: 3 })  // { u: { a: 3, b: 2 }, v: { a: 1, b: 0 } }
 * jacobian((x: number[]) => [[x[0] * x[1], x[1]], { norm2: x[0] ** 2 + x[1] ** 2 }], { hasAux: true })([1, 2])  // [[[2, 1], [0, 1]], { norm2: 5 }]
 */
export function jacobian<F extends AnyFunction>(f: F, opts?: FirstArgument<DiffOptions>): (...args: any[]) => JacobianOf<ReturnType<F>, ArgumentOf<F, 0>>;
export function jacobian<F extends AnyFunction, const N extends readonly number[]>(f: F, opts: ArgumentList<DiffOptions, N>): (...args: any[]) => JacobianEach<F, N>;
export function jacobian<F extends AnyFunction, N extends number>(f: F, opts: OneArgument<DiffOptions, N>): (...args: any[]) => JacobianOf<ReturnType<F>, ArgumentOf<F, N>>;
export function jacobian(f: Fn, opts?: DiffOptions & AuxOption): (...args: any[]) => any;
export function jacobian(f: Fn, opts?: DiffOptions & AuxOption): (...args: unknown[]) => unknown {
  assertFunction(f, "jacobian");
  checkOptions(opts, "jacobian", JACOBIAN_OPTIONS);
  if (opts?.hasAux) {
    const { hasAux: _, ...rest } = opts;
    return (...args) => withAux(f, "jacobian", (g) => jacobian(g, rest)(...args));
  }
  return (...args) => {
    const results = argnumList(opts, args.length, "jacobian").map((i) => {
      if (isParameterTree(args[i])) return overTree(jacobian, f, args, i, opts);
      const n = sizeOfArgument(args[i], `jacobian: argument ${i}`);
      // Forward mode costs n passes of f; reverse mode one pass and m cheaper sweeps back.
      // Reverse mode's pass also tells m, and is kept when reverse mode is the choice.
      const recorded = record(f, args, i, "jacobian");
      // A list or a record of outputs: reverse mode, one Jacobian per output from this recording.
      if (isParameterTree(recorded.y)) return jacrevOne(f, args, i, opts, recorded);
      const m = outputSize(recorded.y, "jacobian");
      // Before either mode's passes, under the name the user called.
      checkJacobianSize(m, n, "jacobian");
      if (n < m) {
        recorded.tape.release();
        return jacfwdOne(f, args, i, opts);
      }
      return jacrevOne(f, args, i, opts, recorded);
    });
    return shapeResults(opts, results);
  };
}

/**
 * The Jacobian in an object or a list of parameters (argument i): one Jacobian per number,
 * array or tensor inside, in the object's shape, as JAX's pytrees; for a list or an object of
 * outputs, that inside each output (`J.loss.W`, see outputsOutside).
 */
function overTree(jac: typeof jacobian, f: Fn, args: unknown[], i: number, opts?: DiffOptions): unknown {
  const flat = flattenArguments(f, args, [i]);
  const perLeaf = jac(flat.f, { argnums: flat.argnumsOf(i), layout: opts?.layout })(...flat.leaves) as unknown[];
  return outputsOutside(perLeaf, (blocks) => flat.rebuild(i, blocks));
}

/** A row (reverse mode) or column (forward mode) of a Jacobian: a Tensor or number, or its scalars. */
type Block = Value | Value[] | Float64Array;

/**
 * The m·n entries, row-major, from m rows or n columns. Plain blocks (Tensors, numbers) are
 * copied straight into one Float64Array; blocks holding AD values (a Jacobian inside another
 * derivative) are kept as values.
 */
function gather(blocks: readonly Block[], m: number, n: number, byRows: boolean): Float64Array | Value[] {
  const plain = blocks.every(
    (b) => b instanceof Float64Array || b instanceof Tensor || typeof b === "number" || (Array.isArray(b) && b.every((e) => typeof e === "number")),
  );
  const entries: Float64Array | Value[] = plain ? new Float64Array(m * n) : new Array<Value>(m * n);
  const stride = byRows ? n : m;
  blocks.forEach((block, b) => {
    const items: ArrayLike<Value> =
      block instanceof Float64Array ? block : block instanceof Tensor ? block.data : Array.isArray(block) ? block : elementsOf(block as Value);
    if (items.length !== stride) throw new Error(`internal: a Jacobian ${byRows ? "row" : "column"} has ${items.length} entries, not ${stride}`);
    for (let j = 0; j < stride; j++) {
      if (byRows) entries[b * n + j] = items[j] as number;
      else entries[j * n + b] = items[j] as number;
    }
  });
  return entries;
}

/** Entries in S_out ++ S_in order → the result container, transposed for denominator layout. */
export function layoutJacobian(entries: Value[] | Float64Array, out: Container, input: Container, opts?: DiffOptions): unknown {
  const sOut = containerShape(out);
  const sIn = containerShape(input);
  const asTensor = out.kind === "tensor" || input.kind === "tensor";
  const build = (values: Value[] | Float64Array, shape: number[]): unknown =>
    values instanceof Float64Array ? (asTensor && shape.length > 0 ? new Tensor(shape, values) : nest(values, shape)) : assemble(values, shape, asTensor);
  if (opts?.layout !== "denominator") return displayAsHeatmap(build(entries, [...sOut, ...sIn]), "Jacobian");
  const m = sizeOf(sOut);
  const n = sizeOf(sIn);
  const transposed = entries instanceof Float64Array ? new Float64Array(entries.length) : new Array<Value>(entries.length);
  for (let k = 0; k < m; k++) for (let i = 0; i < n; i++) transposed[i * m + k] = entries[k * n + i] as number;
  return displayAsHeatmap(build(transposed, [...sIn, ...sOut]), "Jacobian (denominator layout)");
}
