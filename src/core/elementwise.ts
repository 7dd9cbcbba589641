import type { Value } from "./value";
import { isValue, shapeOf, tagOf } from "./value";
import { assertOneHandTape } from "./stale-variables";
import { Dual } from "../forward/dual";
import { Var } from "../reverse/var";
import { Tensor } from "../tensor/tensor";
import { map, map2 } from "../tensor/kernels/elementwise";
import { scalarArray } from "../tensor/ndarray";
import { add } from "../ops/arithmetic";
import { broadcastTo, sumToShape } from "../ops/broadcast";
import { sameShape } from "../tensor/shape";
import { toValue, type Input } from "./convert";
import { isNumberTypedArray } from "../api/containers";
import { specialiseBinary, specialiseUnary } from "./specialise";
import { plainResult } from "./primitive";
import { MAX_PENDING, MIN_DEFERRED_SIZE, canDefer, elementCount, pendingCount } from "../tensor/deferred";
import { hasFinished, innermostTag } from "./tags";
import { DifferentiationError } from "../errors";
import { binaryLoops, unaryLoops, type BinaryLoops, type BinaryPullbackLoop, type UnaryLoops } from "./rule-loops";
import { strongZeroProduct } from "./strong-zero-product";

/**
 * An elementwise function of one argument: its value on numbers and its local derivative.
 * One rule serves numbers, tensors (applied elementwise), forward and reverse mode.
 */
export interface UnaryRule {
  readonly name: string;
  /** The function on a plain number. */
  readonly fn: (x: number) => number;
  /**
   * ∂out/∂x, written with runtime ops so it nests (higher derivatives) and maps over
   * tensors. `out` is fn(x), passed so rules like exp can reuse it.
   */
  readonly partial: (x: Value, out: Value) => Value;
  /**
   * Optional: `partial` on plain numbers, written with Math and arithmetic, for the compiled
   * scalar fast paths (specialise.ts). V8 inlines a call only within a budget per function;
   * the runtime ops `partial` calls on numbers used it up (W1's duals ran 10–25% slower).
   * Must equal `partial` on every number, bit for bit (tested).
   */
  readonly numberPartial?: (x: number, out: number) => number;
  /**
   * Optional: the same function as a loop over a whole array. The generic map calls `fn`
   * per element through one shared call site, which V8 cannot inline (measured 1.8× slower
   * for 10⁶ elements); the hot functions give their own loop.
   */
  readonly loop?: (src: Float64Array, out: Float64Array) => void;
  /**
   * Optional: on a tape, compute the partial along with the value, in the same loop over
   * the array, instead of in backward. Worth it where the two share work: sin and cos of
   * 10⁶ numbers take 17 ms in one loop against 23 ms in two.
   */
  readonly partialWithValue?: boolean;
  /** Cheaper to compute again than to store: see BinaryRule.cheap. */
  readonly cheap?: boolean;
}

/** An elementwise function of two arguments (NumPy broadcasting between them). */
export interface BinaryRule {
  readonly name: string;
  readonly fn: (a: number, b: number) => number;
  /** ∂out/∂a. */
  readonly partialA: (a: Value, b: Value, out: Value) => Value;
  /** ∂out/∂b. */
  readonly partialB: (a: Value, b: Value, out: Value) => Value;
  /** Optional: partialA and partialB on plain numbers (see UnaryRule.numberPartial). */
  readonly numberPartialA?: (a: number, b: number, out: number) => number;
  readonly numberPartialB?: (a: number, b: number, out: number) => number;
  /** Optional: the function as a loop over two arrays of the same shape (see UnaryRule.loop). */
  readonly loop?: (a: Float64Array, b: Float64Array, out: Float64Array) => void;
  /**
   * Arithmetic, cheaper to compute again than to store: where a differentiation leaves its
   * results pending (tensor/deferred.ts), backward's loops recompute them; other rules'
   * results (sin, exp …) are stored as the forward pass computes them.
   */
  readonly cheap?: boolean;
}

/**
 * The runtime operation for a unary rule: fast on numbers, scalar tape variables and scalar
 * duals (compiled per rule, see specialise.ts), differentiable on everything, and taking
 * arrays of numbers or AD values as tensors. `codegen: false` gives the generic path alone
 * (what runs where a Content-Security-Policy forbids compiling code).
 *
 * @example
 * const cube = unaryOp({ name: "cube", fn: (x) => x ** 3, partial: (x) => mul(3, mul(x, x)) });
 * derivative(cube)(2)  // 12
 */
export function unaryOp(rule: UnaryRule, codegen = true): (x: Input) => Value {
  const loops = unaryLoops(rule, codegen);
  const slow = (x: unknown): Value => (isArrayInput(x) ? op(toValue(x as Input, rule.name)) : applyUnary(rule, loops, op as (x: Value) => Value, x as Value));
  const op = specialiseUnary(rule, slow, traced, codegen);
  return op as (x: Input) => Value;
}

/** The runtime operation for a binary rule (see unaryOp). */
export function binaryOp(rule: BinaryRule, codegen = true): (a: Input, b: Input) => Value {
  const loops = binaryLoops(rule, codegen);
  const slow = (a: unknown, b: unknown): Value =>
    isArrayInput(a) || isArrayInput(b)
      ? op(toValue(a as Input, rule.name), toValue(b as Input, rule.name))
      : applyBinary(rule, loops, op as (a: Value, b: Value) => Value, a as Value, b as Value);
  const op = specialiseBinary(rule, slow, traced, codegen);
  return op as (a: Input, b: Input) => Value;
}

/**
 * A JavaScript operator for a notebook cell (operators.ts): the rule's operation on runtime
 * values — the same compiled scalar fast paths, entered directly — and `other` for anything
 * else (strings, bigints, objects), which keeps JavaScript's meaning. Through a wrapper that
 * first checked both operands were runtime values, W1's gradient written with operators took
 * 1.7× the time of the same function written with mul and add.
 */
export function unaryOperator(rule: UnaryRule, op: (x: Value) => Value, other: (x: unknown) => unknown): (x: unknown) => unknown {
  return specialiseUnary(rule, (x) => (isValue(x) ? op(x) : (other(x) as Value)), traced);
}

/** A binary JavaScript operator for a notebook cell (see unaryOperator). */
export function binaryOperator(rule: BinaryRule, op: (a: Value, b: Value) => Value, other: (a: unknown, b: unknown) => unknown): (a: unknown, b: unknown) => unknown {
  return specialiseBinary(rule, (a, b) => (isValue(a) && isValue(b) ? op(a, b) : (other(a, b) as Value)), traced);
}

/** An array the operations take as a tensor: nested number[]s (or of AD values), or a typed array. */
function isArrayInput(x: unknown): boolean {
  return Array.isArray(x) || isNumberTypedArray(x);
}

/** Everything but the scalar fast paths: tensors, nested AD values, errors. */
function applyUnary(rule: UnaryRule, loops: UnaryLoops, op: (x: Value) => Value, x: Value): Value {
  if (x instanceof Tensor) return plainResult(rule.name, [x], () => evaluateUnary(rule, x));
  if (x instanceof Dual) {
    const v = x.value;
    const out = op(v);
    return new Dual(out, x.tangent === 0 ? 0 : strongZeroProduct(x.tangent, rule.partial(v, out)), x.tag);
  }
  if (x instanceof Var) {
    const v = x.value;
    const tape = x.tape;
    const deferred = v instanceof Tensor ? deferElementwise(rule, [v], v.shape) : null;
    if (deferred === null && rule.partialWithValue && v instanceof Tensor) return valueAndPartialOnTape(rule, loops, x, v);
    const out = deferred ?? op(v);
    if (typeof v === "number" && typeof out === "number") {
      return traced(new Var(out, tape, tape.unary(x.index, rule.partial(v, out) as number)), rule.name);
    }
    // The first backward pass multiplies the cotangent by the partial in one compiled loop;
    // a tape swept again (jacrev runs one pass per output) keeps the partial instead.
    let partial: Value | null = null;
    let passes = 0;
    const index = tape.pullback({
      parents: [x.index],
      elementwise: v instanceof Tensor && out instanceof Tensor ? { rule, partials: [rule.partial as (x: number, out: number) => number], operands: [v], out } : undefined,
      pullback: (g) => {
        if (++passes === 1 && rule.partial.length > 0 && g instanceof Tensor && v instanceof Tensor && out instanceof Tensor) {
          const gx = new Float64Array(out.data.length);
          loops.pullback(g.data, v.data, out.data, gx);
          return [new Tensor(out.shape, gx)];
        }
        return [strongZeroProduct(g, (partial ??= rule.partial(v, out)))];
      },
    });
    return new Var(out, tape, index);
  }
  throw new TypeError(`${rule.name}: expected a number or a tensor, got ${describe(x)}`);
}

/** A unary rule on a tape variable holding a plain tensor, its partial computed in the same loop as its value. */
function valueAndPartialOnTape(rule: UnaryRule, loops: UnaryLoops, x: Var, v: Tensor): Var {
  const out = new Tensor(v.shape, new Float64Array(v.data.length));
  const partial = new Tensor(v.shape, new Float64Array(v.data.length));
  loops.valueAndPartial(v.data, out.data, partial.data);
  const index = x.tape.pullback({
    parents: [x.index],
    elementwise: { rule, partials: [rule.partial as (x: number, out: number) => number], partialValues: [partial.data], operands: [v], out },
    pullback: (g) => [strongZeroProduct(g, partial)],
  });
  return new Var(out, x.tape, index);
}

/** Everything but the scalar fast paths: tensors, broadcasting, nested AD values, errors. */
function applyBinary(rule: BinaryRule, loops: BinaryLoops, op: (a: Value, b: Value) => Value, a: Value, b: Value): Value {
  const ta = tagOf(a);
  const tb = tagOf(b);
  if (ta === 0 && tb === 0) return evaluatePlain(rule, loops, a, b);
  if (ta !== tb && ta !== 0 && tb !== 0) {
    assertOneHandTape(rule.name, [a, b]);
    if (innermostTag() === 0) assertNoFinishedDuals(rule.name, a, b);
  }
  const tag = ta > tb ? ta : tb;
  const top = ta > tb ? a : b;
  const aIsTop = ta === tag;
  const bIsTop = tb === tag;
  const av = aIsTop ? (a as Dual | Var).value : a;
  const bv = bIsTop ? (b as Dual | Var).value : b;
  const out = (top instanceof Var ? deferBinary(rule, av, bv) : null) ?? op(av, bv);

  if (top instanceof Dual) {
    // A zero tangent, or a zero partial, contributes 0 (strong-zero-product.ts): jvp along
    // [0, 1] of √x₀ + 2x₁ at x₀ = 0 is 2, as reverse mode and jacfwd's column give.
    let tangent: Value | null = null;
    const ta0 = aIsTop ? (a as Dual).tangent : null;
    const tb0 = bIsTop ? (b as Dual).tangent : null;
    if (aIsTop) tangent = ta0 === 0 ? 0 : strongZeroProduct(ta0 as Value, rule.partialA(av, bv, out));
    if (bIsTop) {
      const tb2 = tb0 === 0 ? 0 : strongZeroProduct(tb0 as Value, rule.partialB(av, bv, out));
      tangent = tangent === null ? tb2 : add(tangent, tb2);
    }
    // A broadcast operand's tangent has its own shape; the output's tangent needs the output's.
    const outShape = shapeOf(out);
    if (!sameShape(shapeOf(tangent as Value), outShape)) tangent = broadcastTo(tangent as Value, outShape);
    return new Dual(out, tangent as Value, tag);
  }

  const tape = (top as Var).tape;
  const ia = aIsTop ? (a as Var).index : -1;
  const ib = bIsTop ? (b as Var).index : -1;
  if (typeof av === "number" && typeof bv === "number" && typeof out === "number") {
    const pa = ia >= 0 ? (rule.partialA(av, bv, out) as number) : 0;
    const pb = ib >= 0 ? (rule.partialB(av, bv, out) as number) : 0;
    return traced(new Var(out, tape, tape.binary(ia, pa, ib, pb)), rule.name, ia < 0 ? (av as number) : undefined, ib < 0 ? (bv as number) : undefined);
  }
  // As for unary rules: one compiled loop per cotangent on the first pass, kept partials after.
  let pa: Value | null = null;
  let pb: Value | null = null;
  let passes = 0;
  const index = tape.pullback({
    parents: [ia, ib],
    elementwise: fusable(av, ia, out) && fusable(bv, ib, out) ? { rule, partials: [rule.partialA, rule.partialB] as ((...args: number[]) => number)[], operands: [av, bv] as (number | Tensor)[], out: out as Tensor } : undefined,
    pullback: (g) => {
      const fused = ++passes === 1 && g instanceof Tensor && out instanceof Tensor && isFlatOperand(av, out) && isFlatOperand(bv, out);
      return [
        ia < 0 ? null : fused && rule.partialA.length > 0 ? unbroadcast(fusedPullback(loops.pullbackA, g, av, bv, out), av) : unbroadcast(strongZeroProduct(g, (pa ??= rule.partialA(av, bv, out))), av),
        ib < 0 ? null : fused && rule.partialB.length > 0 ? unbroadcast(fusedPullback(loops.pullbackB, g, av, bv, out), bv) : unbroadcast(strongZeroProduct(g, (pb ??= rule.partialB(av, bv, out))), bv),
      ];
    },
  });
  return new Var(out, tape, index);
}

/**
 * On a tape, an elementwise result on large plain arrays is left pending (see
 * tensor/deferred.ts): computed when read, or never, where a sum or backward's fused loop
 * computes it element by element. Null where it is computed now: small arrays, anything
 * but plain arrays of one shape and numbers, or no code generation.
 */
function deferElementwise(rule: UnaryRule | BinaryRule, operands: readonly (number | Tensor)[], shape: readonly number[]): Tensor | null {
  // Outside any differentiation (variables made by hand) a result is computed now: no end of a
  // differentiation would detach it from the user's arrays (detachPending), and variable(W) * 2
  // read W as it was after W.data changed in place.
  if (!canDefer() || innermostTag() === 0) return null;
  const length = elementCount(operands.find((x): x is Tensor => x instanceof Tensor)!);
  if (length < MIN_DEFERRED_SIZE) return null;
  let count = 1;
  for (const x of operands) count += pendingCount(x);
  if (count > MAX_PENDING) {
    // A long chain: compute its operands now, so no loop grows past the limit.
    for (const x of operands) if (typeof x !== "number") void x.data;
    count = 1;
  }
  return Tensor.deferred(shape, { fn: rule.fn as (...args: number[]) => number, operands, length, count, keep: rule.cheap !== true });
}

/** deferElementwise for a binary rule: two plain arrays of one shape, or one and a number. */
function deferBinary(rule: BinaryRule, a: Value, b: Value): Tensor | null {
  if (a instanceof Tensor && (typeof b === "number" || (b instanceof Tensor && sameShape(a.shape, b.shape)))) return deferElementwise(rule, [a, b], a.shape);
  if (typeof a === "number" && b instanceof Tensor) return deferElementwise(rule, [a, b], b.shape);
  return null;
}

/**
 * An operand backward may fuse with its neighbours (reverse/fused-runs.ts): a plain array
 * of the output's size, or — for a constant — a single number.
 */
function fusable(x: Value, parent: number, out: Value): boolean {
  return out instanceof Tensor && isFlatOperand(x, out) && (parent < 0 || (x instanceof Tensor && elementCount(x) === elementCount(out)));
}

/** A plain operand the compiled loops can read: the output's size, or a single number. */
function isFlatOperand(x: Value, out: Tensor): x is number | Tensor {
  return typeof x === "number" || (x instanceof Tensor && (elementCount(x) === elementCount(out) || elementCount(x) === 1));
}

/** g · ∂out/∂operand as one compiled pass, at the output's shape (unbroadcast afterwards). */
function fusedPullback(loop: BinaryPullbackLoop, g: Tensor, a: number | Tensor, b: number | Tensor, out: Tensor): Tensor {
  const [ad, sa] = operandData(a, out);
  const [bd, sb] = operandData(b, out);
  const ga = new Float64Array(out.data.length);
  loop(g.data, ad, sa, bd, sb, out.data, ga);
  return new Tensor(out.shape, ga);
}

/** An operand's data and its step in a loop over the output: 1 for a full array, 0 for one number. */
function operandData(x: number | Tensor, out: Tensor): [Float64Array, number] {
  if (typeof x === "number") return [Float64Array.of(x), 0];
  return [x.data, x.data.length === out.data.length ? 1 : 0];
}


/**
 * Notes the operation's name, value and constant operands on a tape that keeps a trace (for
 * worked derivations); one field check otherwise.
 */
function traced(v: Var, name: string, constA?: number, constB?: number): Var {
  const trace = v.tape.trace;
  if (trace !== null) trace[v.index] = { name, value: v.value as number, constA, constB };
  return v;
}

/** Sums a cotangent over the axes along which `like` was broadcast (JAX's _unbroadcast). */
function unbroadcast(g: Value, like: Value): Value {
  const shape = shapeOf(like);
  return sameShape(shapeOf(g), shape) ? g : sumToShape(g, shape);
}

function evaluateUnary(rule: UnaryRule, x: Tensor): Tensor {
  if (rule.loop) {
    const out = new Float64Array(x.data.length);
    rule.loop(x.data, out);
    return new Tensor(x.shape, out);
  }
  return Tensor.wrap(map(x, rule.fn));
}

function evaluatePlain(rule: BinaryRule, loops: BinaryLoops, a: Value, b: Value): Value {
  if (!(typeof a === "number" || a instanceof Tensor) || !(typeof b === "number" || b instanceof Tensor)) {
    throw new TypeError(`${rule.name}: expected numbers or tensors, got ${describe(a)} and ${describe(b)}`);
  }
  return plainResult(rule.name, [a, b], () => evaluateBinary(rule, loops, a, b));
}

function evaluateBinary(rule: BinaryRule, loops: BinaryLoops, a: number | Tensor, b: number | Tensor): Value {
  const x = typeof a === "number" ? scalarArray(a) : a;
  const y = typeof b === "number" ? scalarArray(b) : b;
  if (rule.loop && sameShape(x.shape, y.shape)) {
    const out = new Float64Array(x.data.length);
    rule.loop(x.data, y.data, out);
    return new Tensor([...x.shape], out);
  }
  // A scalar against a tensor (1 + x², 1/b): the rule's compiled loop reads the scalar with a
  // step of 0 — several times faster than the general broadcasting map's call per element.
  if (isScalarLike(x, y) || isScalarLike(y, x)) {
    const big = x.data.length === 1 ? y : x;
    const out = new Float64Array(big.data.length);
    loops.strided(x.data, x === big ? 1 : 0, y.data, y === big ? 1 : 0, out);
    return new Tensor([...big.shape], out);
  }
  return Tensor.wrap(map2(x, y, rule.fn, rule.name));
}

/** s holds one number and broadcasting it against t gives t's shape. */
function isScalarLike(s: { shape: readonly number[]; data: Float64Array }, t: { shape: readonly number[]; data: Float64Array }): boolean {
  return s.data.length === 1 && t.data.length > 1 && s.shape.length <= t.shape.length;
}

function describe(x: unknown): string {
  if (x === null) return "null";
  // Most often x[i] of a tensor argument (it read "undefined undefined").
  if (x === undefined) return "undefined (x[i] of a tensor is undefined: read an entry with x.get(i) or x.at(i))";
  if (Array.isArray(x)) return "an array (wrap it with tensor(...))";
  // floor("2.5") read "got string 2.5", as if the number were given.
  if (typeof x === "string") return `the string ${JSON.stringify(x.length > 40 ? x.slice(0, 40) + "…" : x)}`;
  return typeof x === "object" ? (x.constructor?.name ?? "object") : `${typeof x} ${String(x)}`;
}

/**
 * Outside any differentiation, dual numbers of two finished ones — kept from inside f
 * (losses.push(loss)) over two calls of derivative — nested into Dual(Dual(5, 2), 4) when
 * added, silently; a tape variable of a finished one already throws where it is used.
 */
function assertNoFinishedDuals(op: string, a: Value, b: Value): void {
  const finished = [a, b].filter((v) => v instanceof Dual && hasFinished(v.tag));
  if (finished.length === 0) return;
  throw new DifferentiationError(
    `${op}: ${finished.map(String).join(" and ")} ${finished.length > 1 ? "are dual numbers of differentiations that have" : "is a dual number of a differentiation that has"} finished, ` +
      `kept from inside a differentiated function (losses.push(loss) in f, say); combined, they would nest. Keep primal(loss), its number, to use it afterwards`,
  );
}
