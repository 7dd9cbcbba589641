import { isValue, primalOf } from "../core/value";
import type { Value } from "../core/value";
import { Tensor } from "../tensor/tensor";
import { describe } from "./containers";
import { isRecord } from "./seed";

/** A failed check in a notebook: the message names the value, the expectation and the gap. */
export class CheckFailedError extends Error {
  override name = "CheckFailedError";
}

function numbers(x: unknown): number[] {
  if (typeof x === "number") return [x];
  if (Array.isArray(x)) return x.flatMap(numbers);
  if (isValue(x)) {
    const p = primalOf(x as Value);
    return typeof p === "number" ? [p] : Array.from((p as Tensor).data);
  }
  throw new TypeError(`expectClose: cannot compare ${describe(x)}; it compares numbers, arrays, tensors and objects of them`);
}

/** xs (row-major) nested as shape gives, as the arrays a user writes. */
function nested(xs: number[], shape: readonly number[]): string {
  if (shape.length <= 1) return `[${xs.join(", ")}]`;
  const step = xs.length / shape[0];
  return `[${Array.from({ length: shape[0] }, (_, i) => nested(xs.slice(i * step, (i + 1) * step), shape.slice(1))).join(", ")}]`;
}

/** One field of a compared object, by its path (`w`, `layers[0].W`; "" for a plain value). */
interface Leaf {
  readonly path: string;
  readonly values: number[];
  readonly shape: number[] | null;
}

/**
 * The numbers of x by field: an object of parameters (a gradient `{ w, b }`, a Jacobian
 * `{ loss, pred }`) or a list holding objects gives one leaf per field, anything else one
 * leaf. Objects are matched by field name, not by the order their keys were written in.
 */
function leaves(x: unknown, path = ""): Leaf[] {
  const join = (key: string) => (path === "" ? key : `${path}.${key}`);
  if (isRecord(x)) return Object.keys(x).flatMap((k) => leaves(x[k], join(k)));
  if (Array.isArray(x) && x.some((v) => isRecord(v) || (Array.isArray(v) && leaves(v).some((l) => l.path !== "")))) {
    return x.flatMap((v, i) => leaves(v, `${path}[${i}]`));
  }
  return [{ path, values: numbers(x), shape: shapeOfLeaf(x) }];
}

/** The shape of a number, tensor or nested array; null for a ragged array (compared entry by entry only). */
function shapeOfLeaf(x: unknown): number[] | null {
  if (Array.isArray(x)) {
    if (x.length === 0) return [0];
    const inner = x.map(shapeOfLeaf);
    const first = inner[0];
    if (first === null || inner.some((s) => s === null || s.length !== first.length || s.some((d, i) => d !== first[i]))) return null;
    return [x.length, ...first];
  }
  if (isValue(x)) {
    const p = primalOf(x as Value);
    return typeof p === "number" ? [] : [...(p as Tensor).shape];
  }
  return null;
}

/** Values listed in a check's line; a longer array shows its first and last few and its length. */
const SHOWN_VALUES = 12;

/**
 * The values of a check's line: one number as itself, an array in brackets, a long one cut
 * to its first 8 and last 3 entries with its length (20 000 values made a 258 KB line).
 * @example
 * shownValues([1, 2])                                   // "[1, 2]"
 * shownValues(Array.from({ length: 100 }, (_, i) => i)) // "[0, 1, 2, 3, 4, 5, 6, 7, …, 97, 98, 99] (100 values)"
 * shownValues([2, 1, 0, 1], [2, 2])                     // "[[2, 1], [0, 1]]"
 */
function shownValues(xs: number[], shape: readonly number[] | null = null): string {
  if (xs.length === 1) return String(xs[0]);
  // A matrix as rows, [[2, 1], [0, 1]]: flat, a 3×2 Jacobian read as six numbers in a row.
  if (xs.length <= SHOWN_VALUES && shape && shape.length >= 2) return nested(xs, shape);
  if (xs.length <= SHOWN_VALUES) return `[${xs.join(", ")}]`;
  return `[${xs.slice(0, 8).join(", ")}, …, ${xs.slice(-3).join(", ")}] (${xs.length} values)`;
}

/**
 * Checks that a result matches what the course says, to a tolerance, and shows a pass line
 * (✔ label: value ≈ expected); throws on failure, so a notebook that re-runs also re-checks.
 * Numbers, arrays and tensors compare entry by entry; objects of them (a gradient of
 * `{ w, b }`, the Jacobians of `{ loss, pred }`) field by field, by name.
 *
 * @example
 * expectClose(derivative((x: number) => x ** 2)(2), 4, 1e-12, "d/dx x² at 2")
 * expectClose(grad((p: { w: number; b: number }) => p.w * p.b)({ w: 2, b: 3 }), { w: 3, b: 2 }, 0, "∇(wb)")
 */
export function expectClose(actual: unknown, expected: unknown, tol = 1e-9, label = "check"): CheckResult {
  // expectClose(x, y, { rtol: 1e-6 }) compared against an object: every check failed, "> [object Object]".
  if (typeof tol !== "number" || !(tol >= 0)) {
    throw new TypeError(`expectClose: the tolerance (third argument) must be a non-negative number, such as 1e-6, got ${describe(tol)}`);
  }
  const expectedLeaves = leaves(expected);
  const actualLeaves = new Map(leaves(actual).map((l) => [l.path, l]));
  const fields = (paths: Iterable<string>) => [...paths].map((p) => (p === "" ? "a plain value" : p)).join(", ");
  // grad of { w, b } compared with { w, b }: field by field. A missing or extra field is a
  // failed check, not a comparison of whatever entries happen to line up.
  const missing = expectedLeaves.filter((l) => !actualLeaves.has(l.path)).map((l) => l.path);
  const extra = [...actualLeaves.keys()].filter((p) => !expectedLeaves.some((l) => l.path === p));
  if (missing.length > 0 || extra.length > 0) {
    throw new CheckFailedError(`✘ ${label}: got fields ${fields(actualLeaves.keys())}, expected ${fields(expectedLeaves.map((l) => l.path))}`);
  }
  const within = (l: Leaf) => (l.path ? ` in ${l.path}` : "");
  for (const l of expectedLeaves) {
    const got = actualLeaves.get(l.path)!;
    if (got.values.length !== l.values.length) {
      throw new CheckFailedError(`✘ ${label}: got ${got.values.length} values${within(l)}, expected ${l.values.length}`);
    }
    // A 1×n row against an n-vector, or a 3×2 Jacobian against the 2×3 expected in the
    // other layout with the same entries, is a different answer; entry by entry it passed.
    // A number and a one-entry array are the same answer.
    const shapeOf = (s: number[] | null) => (s && s.length === 0 ? [1] : s);
    const [gs, es] = [shapeOf(got.shape), shapeOf(l.shape)];
    if (gs && es && l.values.length > 1 && (gs.length !== es.length || gs.some((d, i) => d !== es[i]))) {
      throw new CheckFailedError(`✘ ${label}: got shape (${gs.join("×")})${within(l)}, expected (${es.join("×")})`);
    }
  }
  const a = expectedLeaves.flatMap((l) => actualLeaves.get(l.path)!.values);
  const e = expectedLeaves.flatMap((l) => l.values);
  let worst = 0;
  let worstAt = 0;
  a.forEach((v, i) => {
    const gap = Math.abs(v - e[i]) / Math.max(1, Math.abs(e[i]));
    const g = Number.isNaN(gap) ? Infinity : gap;
    if (g > worst) (worst = g), (worstAt = i);
  });
  // An object shows field by field, { w: 12, b: 4 }, in the expected object's order.
  const shown = (xs: number[]): string => {
    if (expectedLeaves.length === 1 && expectedLeaves[0].path === "") return shownValues(xs, expectedLeaves[0].shape);
    let at = 0;
    const parts = expectedLeaves.map((l) => {
      const part = `${l.path}: ${shownValues(xs.slice(at, at + l.values.length), l.shape)}`;
      at += l.values.length;
      return part;
    });
    return `{ ${parts.join(", ")} }`;
  };
  if (!(worst <= tol)) {
    // A long array is shown cut short, so the entry that failed is named.
    const where = a.length > SHOWN_VALUES ? `; at index ${worstAt}: got ${a[worstAt]}, expected ${e[worstAt]}` : "";
    throw new CheckFailedError(`✘ ${label}: got ${shown(a)}, expected ${shown(e)} (relative gap ${worst.toExponential(2)} > ${tol}${where})`);
  }
  return new CheckResult(`✔ ${label}: ${shown(a)} ≈ ${shown(e)}`);
}

/** A passed check, shown as one green line. */
export class CheckResult {
  constructor(readonly message: string) {}

  toString(): string {
    return this.message;
  }

  [Symbol.for("Jupyter.display")](): Record<string, string> {
    const html = this.message.replace(/&/g, "&amp;").replace(/</g, "&lt;");
    return { "text/plain": this.message, "text/html": `<div style="color:#1a7f37;font-family:sans-serif">${html}</div>` };
  }
}
