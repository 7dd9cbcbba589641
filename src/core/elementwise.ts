import type { Value } from "./value";
import { shapeOf, tagOf } from "./value";
import { Dual } from "../forward/dual";
import { Var } from "../reverse/var";
import { Tensor } from "../tensor/tensor";
import { map, map2 } from "../tensor/kernels/elementwise";
import { scalarArray } from "../tensor/ndarray";
import { add, mul, neg } from "../ops/arithmetic";
import { broadcastTo, sumToShape } from "../ops/broadcast";
import { sameShape } from "../tensor/shape";
import { toValue, type Input } from "./convert";
import { specialiseBinary, specialiseUnary } from "./specialise";
import { plainResult } from "./primitive";

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
   * Optional: the same function as a loop over a whole array. The generic map calls `fn`
   * per element through one shared call site, which V8 cannot inline (measured 1.8× slower
   * for 10⁶ elements); the hot functions give their own loop.
   */
  readonly loop?: (src: Float64Array, out: Float64Array) => void;
}

/** An elementwise function of two arguments (NumPy broadcasting between them). */
export interface BinaryRule {
  readonly name: string;
  readonly fn: (a: number, b: number) => number;
  /** ∂out/∂a. */
  readonly partialA: (a: Value, b: Value, out: Value) => Value;
  /** ∂out/∂b. */
  readonly partialB: (a: Value, b: Value, out: Value) => Value;
  /** Optional: the function as a loop over two arrays of the same shape (see UnaryRule.loop). */
  readonly loop?: (a: Float64Array, b: Float64Array, out: Float64Array) => void;
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
  const slow = (x: unknown): Value => (Array.isArray(x) ? op(toValue(x, rule.name)) : applyUnary(rule, op as (x: Value) => Value, x as Value));
  const op = specialiseUnary(rule, slow, traced, codegen);
  return op as (x: Input) => Value;
}

/** The runtime operation for a binary rule (see unaryOp). */
export function binaryOp(rule: BinaryRule, codegen = true): (a: Input, b: Input) => Value {
  const slow = (a: unknown, b: unknown): Value =>
    Array.isArray(a) || Array.isArray(b)
      ? op(toValue(a as Input, rule.name), toValue(b as Input, rule.name))
      : applyBinary(rule, op as (a: Value, b: Value) => Value, a as Value, b as Value);
  const op = specialiseBinary(rule, slow, traced, codegen);
  return op as (a: Input, b: Input) => Value;
}

/** Everything but the scalar fast paths: tensors, nested AD values, errors. */
function applyUnary(rule: UnaryRule, op: (x: Value) => Value, x: Value): Value {
  if (x instanceof Tensor) return plainResult(rule.name, [x], () => evaluateUnary(rule, x));
  if (x instanceof Dual) {
    const v = x.value;
    const out = op(v);
    return new Dual(out, scale(x.tangent, rule.partial(v, out)), x.tag);
  }
  if (x instanceof Var) {
    const v = x.value;
    const out = op(v);
    const tape = x.tape;
    if (typeof v === "number" && typeof out === "number") {
      return traced(new Var(out, tape, tape.unary(x.index, rule.partial(v, out) as number)), rule.name);
    }
    // The local partial is computed once, on the first backward pass (jacrev runs many).
    let partial: Value | null = null;
    const index = tape.pullback({ parents: [x.index], pullback: (g) => [mul(g, (partial ??= rule.partial(v, out)))] });
    return new Var(out, tape, index);
  }
  throw new TypeError(`${rule.name}: expected a number or a tensor, got ${describe(x)}`);
}

/** Everything but the scalar fast paths: tensors, broadcasting, nested AD values, errors. */
function applyBinary(rule: BinaryRule, op: (a: Value, b: Value) => Value, a: Value, b: Value): Value {
  const ta = tagOf(a);
  const tb = tagOf(b);
  if (ta === 0 && tb === 0) return evaluatePlain(rule, a, b);
  const tag = ta > tb ? ta : tb;
  const top = ta > tb ? a : b;
  const aIsTop = ta === tag;
  const bIsTop = tb === tag;
  const av = aIsTop ? (a as Dual | Var).value : a;
  const bv = bIsTop ? (b as Dual | Var).value : b;
  const out = op(av, bv);

  if (top instanceof Dual) {
    let tangent: Value | null = null;
    if (aIsTop) tangent = scale((a as Dual).tangent, rule.partialA(av, bv, out));
    if (bIsTop) {
      const tb2 = scale((b as Dual).tangent, rule.partialB(av, bv, out));
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
  let pa: Value | null = null;
  let pb: Value | null = null;
  const index = tape.pullback({
    parents: [ia, ib],
    pullback: (g) => [
      ia >= 0 ? unbroadcast(scale(g, (pa ??= rule.partialA(av, bv, out))), av) : null,
      ib >= 0 ? unbroadcast(scale(g, (pb ??= rule.partialB(av, bv, out))), bv) : null,
    ],
  });
  return new Var(out, tape, index);
}

/** t · p, skipping the multiplication for the common partials ±1 of add and sub. */
function scale(t: Value, p: Value): Value {
  if (p === 1) return t;
  if (p === -1) return neg(t);
  return mul(t, p);
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

function evaluatePlain(rule: BinaryRule, a: Value, b: Value): Value {
  if (!(typeof a === "number" || a instanceof Tensor) || !(typeof b === "number" || b instanceof Tensor)) {
    throw new TypeError(`${rule.name}: expected numbers or tensors, got ${describe(a)} and ${describe(b)}`);
  }
  return plainResult(rule.name, [a, b], () => evaluateBinary(rule, a, b));
}

function evaluateBinary(rule: BinaryRule, a: number | Tensor, b: number | Tensor): Value {
  const x = typeof a === "number" ? scalarArray(a) : a;
  const y = typeof b === "number" ? scalarArray(b) : b;
  if (rule.loop && sameShape(x.shape, y.shape)) {
    const out = new Float64Array(x.data.length);
    rule.loop(x.data, y.data, out);
    return new Tensor([...x.shape], out);
  }
  // A scalar against a tensor (1 + x², 1/b): filling an array with the scalar and running the
  // rule's own loop beats the general broadcasting map's call per element several times over.
  if (rule.loop && (isScalarLike(x, y) || isScalarLike(y, x))) {
    const big = x.data.length === 1 ? y : x;
    const filled = new Float64Array(big.data.length).fill((x.data.length === 1 ? x : y).data[0]);
    const out = new Float64Array(big.data.length);
    rule.loop(x === big ? x.data : filled, y === big ? y.data : filled, out);
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
  if (Array.isArray(x)) return "an array (wrap it with tensor(...))";
  return typeof x === "object" ? (x.constructor?.name ?? "object") : `${typeof x} ${String(x)}`;
}

