import type { Value } from "../core/value";
import { differentiating, newTag } from "../core/tags";
import { DifferentiationError } from "../errors";
import { assertFunction } from "./options";
import { containerOf, containerShape, describe, mapOutput, outputOf, type Container } from "./containers";
import { forwardInputWithTangent, isParameterTree, mapLeaves, ownLevel, pathText, pick, primalAt, tangentAt } from "./seed";
import { checkSameTree } from "./trees";
import type { AnyFunction, Like } from "./types";

/**
 * Forward mode: f's value at `primals` and its directional derivative along `tangents`
 * (J·v), in one pass with dual numbers. `primals` and `tangents` list f's arguments.
 *
 * @example
 * jvp((x: number[]) => [x[0] * x[1], Math.sin(x[0])], [[2, 3]], [[1, 0]])  // [[6, sin 2], [3, cos 2]]
 */
export function jvp<F extends AnyFunction>(f: F, primals: unknown[], tangents: unknown[]): [Like<ReturnType<F>>, Like<ReturnType<F>>];
export function jvp(f: (...args: never[]) => unknown, primals: unknown[], tangents: unknown[]): [any, any];
export function jvp(f: (...args: never[]) => unknown, primals: unknown[], tangents: unknown[]): [unknown, unknown] {
  assertFunction(f, "jvp");
  // jvp(f, 3, 1), as one might write for a function of one variable, read "(got 3 and 1)".
  if (!Array.isArray(primals) || !Array.isArray(tangents)) {
    const wrap = (x: unknown) => (Array.isArray(x) ? `[${x.map((e) => (typeof e === "number" ? String(e) : "…")).join(", ")}]` : typeof x === "number" ? `[${x}]` : "[…]");
    throw new DifferentiationError(
      `jvp: primals and tangents are lists with one entry per argument of f, got ${describe(primals)} and ${describe(tangents)}; ` +
        `for f of one argument write jvp(f, ${wrap(primals)}, ${wrap(tangents)})`,
    );
  }
  if (primals.length !== tangents.length) {
    throw new DifferentiationError(
      `jvp: primals and tangents must be arrays with one entry per argument of f (got ${describeLen(primals)} and ${describeLen(tangents)})`,
    );
  }
  // A plain list of numbers (W1's 10⁴ scalars) is looked through once here, not once per check below.
  const numbers = primals.map(isNumberList);
  // An object or a list of parameters takes a tangent of its keys and lengths exactly.
  primals.forEach((x, i) => {
    if (!numbers[i]) checkSameTree(x, tangents[i], { fname: "jvp", given: (path) => `tangent ${i}${pathText(path)}`, reference: (path) => `primal ${i}${pathText(path)}` });
  });
  const tag = newTag();
  const args = primals.map((x, i) => withTangent(x, tangents[i], tag, String(i), numbers[i]));
  let y: unknown;
  try {
    y = ownLevel(differentiating(tag, () => f(...(args as never[]))), tag);
  } catch (e) {
    throw tooManyPrimals(e, f, primals, tangents) ?? e;
  }
  // A list or a record of outputs gives lists or records of values and of tangents.
  const value = mapLeaves(y, (output) => {
    outputOf(output, "jvp");
    return mapOutput(output, (v: Value) => primalAt(v, tag));
  });
  return [value, mapLeaves(y, (output) => mapOutput(output, (v: Value) => tangentAt(v, tag)))];
}

/**
 * A primal perturbed by its tangent under `tag`; an object or a list of parameters
 * ({ W, b }, [W, b]) field by field, with a tangent of the same shape, as JAX's pytrees.
 */
function withTangent(x: unknown, dx: unknown, tag: number, at: string, numberList = false): unknown {
  if (!numberList && isParameterTree(x)) {
    if (Array.isArray(x)) return x.map((e, k) => withTangent(e, pick(dx, [k]), tag, `${at}[${k}]`));
    return Object.fromEntries(Object.entries(x).map(([key, e]) => [key, withTangent(e, pick(dx, [key]), tag, `${at}.${key}`)]));
  }
  const cx: Container = numberList ? { kind: "array", shape: [(x as number[]).length] } : containerOf(x, `jvp: primal ${at}`);
  const ct = containerOf(dx, `jvp: tangent ${at}`);
  const sx = containerShape(cx).join("×");
  const st = containerShape(ct).join("×");
  if (sx !== st) throw new DifferentiationError(`jvp: tangent ${at} has shape (${st}) but primal ${at} has shape (${sx})`);
  return forwardInputWithTangent(x, dx, tag, cx);
}

/**
 * The error of an f that failed on more primals than it declares parameters, `jvp(f, [1, 2],
 * [1, 0])` for f of one array (as vjp(f, [1, 2]) takes it): one that says primals lists f's
 * arguments, with f's own error as its cause; null otherwise (f's error stands).
 */
function tooManyPrimals(e: unknown, f: (...args: never[]) => unknown, primals: unknown[], tangents: unknown[]): DifferentiationError | null {
  if (!(e instanceof Error) || f.length === 0 || primals.length <= f.length) return null;
  const s = (k: number): string => (k === 1 ? "" : "s");
  const wrapped = (xs: unknown[]): string => `[[${xs.map((p) => JSON.stringify(p) ?? String(p)).join(", ")}]]`;
  return new DifferentiationError(
    `jvp: f takes ${f.length} argument${s(f.length)} but primals lists ${primals.length}: primals and tangents give one entry per argument of f, so for f of one array write jvp(f, ${wrapped(primals)}, ${wrapped(tangents)}) (f failed: ${e.message.replace(/ \(.*$/s, "")})`,
    { cause: e },
  );
}

function describeLen(x: unknown): string {
  return Array.isArray(x) ? `${x.length} entries` : String(x);
}

/** An array of plain numbers only (one loop, numbers first). */
function isNumberList(x: unknown): x is number[] {
  if (!Array.isArray(x)) return false;
  for (let i = 0; i < x.length; i++) if (typeof x[i] !== "number") return false;
  return true;
}
