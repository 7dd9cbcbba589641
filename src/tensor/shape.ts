import { ShapeError } from "../errors";
import { describeArgument } from "./describe-argument";

/** Number of elements of a shape (1 for a scalar). @example sizeOf([2, 3]) // 6 */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Row-major strides. @example stridesOf([2, 3]) // [3, 1] */
export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  return strides;
}

/** A shape as people write it: "3×2"; a scalar is "()". @example shapeToString([3, 2]) // "3×2" */
export function shapeToString(shape: readonly number[]): string {
  return shape.length === 0 ? "()" : shape.join("×");
}

/**
 * A shape in parentheses, as error messages write it: "(3×2)", and "()" for a scalar —
 * "(${shapeToString(s)})" read "got shape (())" for eigh(3).
 * @example shapeInParens([3, 2]) // "(3×2)"
 */
export function shapeInParens(shape: readonly number[]): string {
  return `(${shape.join("×")})`;
}

/** True when both shapes are equal. */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The shape two operands broadcast to, by NumPy's rules (align trailing axes; a 1 stretches).
 * @example broadcastShapes([2, 1], [3], "add") // [2, 3]
 */
export function broadcastShapes(a: readonly number[], b: readonly number[], opName: string): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new ShapeError(`${opName}: shapes ${shapeInParens(a)} and ${shapeInParens(b)} cannot be broadcast${broadcastHint(a, b)}`);
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/**
 * What a student most likely meant when two shapes do not broadcast: broadcasting lines up
 * trailing axes, so a row statistic of shape (n) against (n×k) needs keepDims (or shape
 * (n×1)), and a bias of shape (k×1) against (n×k) needs shape (k).
 * @example broadcastHint([300, 3], [300]) // "; (300) is lined up with the last axis of (300×3) — to go along its first axes give it shape (300×1): keep the reduced axis (sum(x, axis, true), keepDims) or reshape"
 */
export function broadcastHint(a: readonly number[], b: readonly number[]): string {
  const [big, small] = a.length >= b.length ? [a, b] : [b, a];
  const lead = big.slice(0, small.length);
  if (small.length > 0 && small.length < big.length && small.every((d, i) => d === lead[i])) {
    const want = [...small, ...big.slice(small.length).map(() => 1)];
    return `; ${shapeInParens(small)} is lined up with the last axis of ${shapeInParens(big)} — to go along its first axes give it shape ${shapeInParens(want)}: keep the reduced axis (sum(x, axis, true), keepDims) or reshape`;
  }
  const squeezed = small.filter((d) => d !== 1);
  const tail = big.slice(big.length - squeezed.length);
  if (squeezed.length > 0 && squeezed.length < small.length && squeezed.every((d, i) => d === tail[i])) {
    return `; to go along the last axes of ${shapeInParens(big)}, ${shapeInParens(small)} should have shape ${shapeInParens(squeezed)}: reshape it`;
  }
  return "";
}

/** Axes as non-negative, sorted, distinct numbers; negative axes count from the end. */
export function normalizeAxes(axes: number | readonly number[] | undefined, ndim: number, opName: string): number[] {
  if (axes === undefined) return Array.from({ length: ndim }, (_, i) => i);
  // sum(A, null), sum(A, "0") read "axes is not iterable" and "axis 0 is out of range".
  if (typeof axes !== "number" && !Array.isArray(axes)) {
    throw new TypeError(`${opName}: the axis must be an integer or an array of integers, got ${describeArgument(axes)}`);
  }
  const list = typeof axes === "number" ? [axes] : [...axes];
  const out = list.map((ax) => {
    if (typeof ax !== "number") throw new TypeError(`${opName}: the axis must be an integer or an array of integers, got ${Array.isArray(axes) ? `[${list.map((e) => (typeof e === "number" ? String(e) : describeArgument(e))).join(", ")}]` : describeArgument(ax)}`);
    // sum(x, 1.5) and sum(x, NaN) read "axis 1.5 is out of range" for an axis that is within it.
    if (!Number.isInteger(ax)) throw new TypeError(`${opName}: the axis must be an integer, got ${ax}`);
    const a = ax < 0 ? ax + ndim : ax;
    if (a < 0 || a >= ndim) {
      throw new ShapeError(`${opName}: axis ${ax} is out of range for a ${ndim}-d array`);
    }
    return a;
  });
  if (new Set(out).size !== out.length) throw new ShapeError(`${opName}: repeated axis in ${JSON.stringify(list)}`);
  return out.sort((x, y) => x - y);
}
