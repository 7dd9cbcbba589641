import type { Value } from "./value";
import type { BinaryRule, UnaryRule } from "./elementwise";
import type { Var } from "../reverse/var";
import { adClasses } from "./classes";

/*
 * Why operations are compiled from a template. Notebook code spends its time in scalar
 * operations on numbers, tape variables and dual numbers. Written once as a shared closure,
 * every operation would share one set of call sites inside the JS engine, so the calls to
 * rule.fn and rule.partial there see every rule, go megamorphic, and are never inlined —
 * measured 2.5× slower on the W1 benchmark. Compiling the same source once per rule (with
 * `new Function`) gives each operation its own code and its own type feedback, so sin calls
 * Math.sin directly. The template is the only copy of the scalar fast paths; everything
 * else (tensors, nested AD, arrays, errors) goes to `slow`, the generic path. Where code
 * generation is forbidden (a Content-Security-Policy without 'unsafe-eval'), the operation
 * is the generic path alone: the same results, more slowly.
 */

type Traced = (v: Var, name: string, constA?: number, constB?: number) => Var;

// Small functions, so the engine can inline them into the caller's loop.
const UNARY_TEMPLATE = `
  function onDual(x) {
    const v = x.value;
    const t = x.tangent;
    if (typeof v !== "number" || typeof t !== "number") return slow(x);
    const out = fn(v);
    // A strong zero (strong-zero-product.ts): 0 when the tangent or the partial is 0, even
    // against ∞; tested after the product, which is NaN only then (or for a NaN factor): a
    // test before it cost W1's runtime-call duals 10× → 12–14× the plain loop.
    const p = partial(v, out);
    const d = t * p;
    return new AD.Dual(out, d === d || (t !== 0 && p !== 0) ? d : 0, x.tag);
  }
  // Numbers first, in a function small enough to inline anywhere (rules' partials call it).
  return function NAME(x) {
    return typeof x === "number" ? fn(x) : notNumber(x);
  };
  function onVar(x) {
    const v = x.value;
    if (typeof v !== "number") return slow(x);
    const out = fn(v);
    const tape = x.tape;
    const y = new AD.Var(out, tape, tape.unary(x.index, partial(v, out)));
    return tape.trace === null ? y : traced(y, name);
  }
  // Only the dispatch here, each case in its own function: V8 inlines within a budget of
  // bytecode per caller, and a case carried inline cost its bytes wherever the dispatch was
  // inlined (measured, W1's valueAndGrad 15.9× → 14.9× the plain loop with onVar apart).
  function notNumber(x) {
    if (x instanceof AD.Var) return onVar(x);
    if (x instanceof AD.Dual) return onDual(x);
    return slow(x);
  }`;

const BINARY_TEMPLATE = `
  function varNumber(a, b) {
    const av = a.value;
    if (typeof av !== "number") return slow(a, b);
    const out = fn(av, b);
    const tape = a.tape;
    const y = new AD.Var(out, tape, tape.binary(a.index, partialA(av, b, out), -1, 0));
    return tape.trace === null ? y : traced(y, name, undefined, b);
  }
  function numberVar(a, b) {
    const bv = b.value;
    if (typeof bv !== "number") return slow(a, b);
    const out = fn(a, bv);
    const tape = b.tape;
    const y = new AD.Var(out, tape, tape.binary(-1, 0, b.index, partialB(a, bv, out)));
    return tape.trace === null ? y : traced(y, name, a, undefined);
  }
  function varVar(a, b) {
    const av = a.value;
    const bv = b.value;
    const tape = a.tape;
    if (typeof av !== "number" || typeof bv !== "number" || b.tape !== tape) return slow(a, b);
    const out = fn(av, bv);
    const y = new AD.Var(out, tape, tape.binary(a.index, partialA(av, bv, out), b.index, partialB(av, bv, out)));
    return tape.trace === null ? y : traced(y, name);
  }
  function dualNumber(a, b) {
    const av = a.value;
    const at = a.tangent;
    if (typeof av !== "number" || typeof at !== "number") return slow(a, b);
    const out = fn(av, b);
    const p = partialA(av, b, out);
    const d = at * p;
    return new AD.Dual(out, d === d || (at !== 0 && p !== 0) ? d : 0, a.tag);
  }
  function numberDual(a, b) {
    const bv = b.value;
    const bt = b.tangent;
    if (typeof bv !== "number" || typeof bt !== "number") return slow(a, b);
    const out = fn(a, bv);
    const p = partialB(a, bv, out);
    const d = bt * p;
    return new AD.Dual(out, d === d || (bt !== 0 && p !== 0) ? d : 0, b.tag);
  }
  function dualDual(a, b) {
    const av = a.value;
    const at = a.tangent;
    const bv = b.value;
    const bt = b.tangent;
    if (typeof av !== "number" || typeof at !== "number" || typeof bv !== "number" || typeof bt !== "number" || a.tag !== b.tag) return slow(a, b);
    const out = fn(av, bv);
    const pa = partialA(av, bv, out);
    const pb = partialB(av, bv, out);
    const da = at * pa;
    const db = bt * pb;
    return new AD.Dual(out, (da === da || (at !== 0 && pa !== 0) ? da : 0) + (db === db || (bt !== 0 && pb !== 0) ? db : 0), a.tag);
  }
  // Numbers first, in a function small enough to inline anywhere (rules' partials call it).
  return function NAME(a, b) {
    return typeof a === "number" && typeof b === "number" ? fn(a, b) : notNumbers(a, b);
  };
  function notNumbers(a, b) {
    if (typeof a === "number") {
      if (b instanceof AD.Var) return numberVar(a, b);
      if (b instanceof AD.Dual) return numberDual(a, b);
    } else if (a instanceof AD.Var) {
      if (typeof b === "number") return varNumber(a, b);
      if (b instanceof AD.Var) return varVar(a, b);
    } else if (a instanceof AD.Dual) {
      if (typeof b === "number") return dualNumber(a, b);
      if (b instanceof AD.Dual) return dualDual(a, b);
    }
    return slow(a, b);
  }`;

/** A JS identifier for the compiled function (its name shows in profiles and stack traces). */
export function identifier(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : "op";
}

/** The operation for a unary rule: scalar fast paths compiled for this rule, `slow` otherwise. */
export function specialiseUnary(rule: UnaryRule, slow: (x: unknown) => Value, traced: Traced, codegen = true): (x: unknown) => Value {
  try {
    if (!codegen) throw new EvalError("code generation disabled");
    const make = new Function("fn", "partial", "name", "AD", "traced", "slow", UNARY_TEMPLATE.replace("NAME", identifier(rule.name)));
    return make(rule.fn, rule.numberPartial ?? rule.partial, rule.name, adClasses, traced, slow) as (x: unknown) => Value;
  } catch {
    const fn = rule.fn;
    return (x) => (typeof x === "number" ? fn(x) : slow(x));
  }
}

/** The operation for a binary rule: scalar fast paths compiled for this rule, `slow` otherwise. */
export function specialiseBinary(rule: BinaryRule, slow: (a: unknown, b: unknown) => Value, traced: Traced, codegen = true): (a: unknown, b: unknown) => Value {
  try {
    if (!codegen) throw new EvalError("code generation disabled");
    const make = new Function("fn", "partialA", "partialB", "name", "AD", "traced", "slow", BINARY_TEMPLATE.replace("NAME", identifier(rule.name)));
    return make(rule.fn, rule.numberPartialA ?? rule.partialA, rule.numberPartialB ?? rule.partialB, rule.name, adClasses, traced, slow) as (a: unknown, b: unknown) => Value;
  } catch {
    const fn = rule.fn;
    return (a, b) => (typeof a === "number" && typeof b === "number" ? fn(a, b) : slow(a, b));
  }
}
