import type { NDArray } from "../ndarray";
import { ShapeError } from "../../errors";
import { shapeInParens, sizeOf, stridesOf } from "../shape";

/**
 * One axis of an index: a number picks one position (the axis disappears), a
 * [start, stop, step?] range keeps it (negative numbers count from the end, as in
 * Array.prototype.slice; a null or missing bound is the end the step starts or stops at,
 * as None is in NumPy's x[::-1]), null keeps the whole axis.
 */
export type IndexSpec = number | readonly [(number | null)?, (number | null)?, (number | null)?] | null;

/** The input positions an index selects along each axis. */
export function selectedPositions(shape: readonly number[], specs: readonly IndexSpec[], opName = "index"): { positions: number[][]; keep: boolean[] } {
  if (!Array.isArray(specs)) {
    throw new ShapeError(`${opName}: expected an array with one entry per axis, e.g. ${opName}(x, [1, null]), got ${describeSpec(specs)}`);
  }
  if (specs.length > shape.length) {
    throw new ShapeError(`${opName}: ${specs.length} indices for a tensor of shape ${shapeInParens(shape)}`);
  }
  const positions: number[][] = [];
  const keep: boolean[] = [];
  shape.forEach((n, axis) => {
    const spec = axis < specs.length ? specs[axis] : null;
    if (typeof spec === "number") {
      const i = spec < 0 ? n + spec : spec;
      if (!Number.isInteger(i) || i < 0 || i >= n) {
        throw new ShapeError(`${opName}: index ${spec} is out of range for axis ${axis} of length ${n} (shape ${shapeInParens(shape)})`);
      }
      positions.push([i]);
      keep.push(false);
      return;
    }
    if (spec !== null && spec !== undefined && !Array.isArray(spec)) {
      throw new ShapeError(`${opName}: axis ${axis}: expected a number, a [start, stop, step] range or null, got ${describeSpec(spec)}`);
    }
    // NumPy's integer-array indexing, x[[1, 2, 3, 4]], is not a range: read as one it took
    // [1, 2, 3] and dropped the 4, selecting [1] silently.
    if (Array.isArray(spec) && spec.length > 3) {
      throw new ShapeError(`${opName}: a range is [start, stop, step?], got ${spec.length} entries ${describeSpec(spec)} for axis ${axis}; to pick several positions, stack single indices`);
    }
    // `?? undefined`: a null bound means "omitted" (NumPy's None); read as a number it
    // would be 0, and [null, null, -1] would select nothing instead of reversing the axis.
    const [rawStart, rawStop, step = 1] = ((spec ?? []) as readonly (number | null | undefined)[]).map((v) => v ?? undefined);
    if (step === 0 || !Number.isInteger(step)) throw new ShapeError(`${opName}: step must be a non-zero integer, got ${step}`);
    // A fractional or non-numeric bound selected NaN entries or nothing, silently.
    for (const bound of [rawStart, rawStop]) {
      if (bound !== undefined && !Number.isInteger(bound) && Math.abs(bound) !== Infinity) {
        throw new ShapeError(`${opName}: range bounds must be whole numbers or null, got ${describeSpec(spec)} for axis ${axis}`);
      }
    }
    const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v < 0 ? n + v : v));
    const list: number[] = [];
    if (step > 0) {
      const start = rawStart === undefined ? 0 : clamp(rawStart, 0, n);
      const stop = rawStop === undefined ? n : clamp(rawStop, 0, n);
      for (let i = start; i < stop; i += step) list.push(i);
    } else {
      const start = rawStart === undefined ? n - 1 : clamp(rawStart, -1, n - 1);
      const stop = rawStop === undefined ? -1 : clamp(rawStop, -1, n - 1);
      for (let i = start; i > stop; i += step) list.push(i);
    }
    positions.push(list);
    keep.push(true);
  });
  return { positions, keep };
}

function describeSpec(spec: unknown): string {
  return Array.isArray(spec) ? `[${spec.map((v) => (typeof v === "string" ? JSON.stringify(v) : String(v))).join(", ")}]` : typeof spec === "string" ? JSON.stringify(spec) : String(spec);
}

/** Calls visit(outputIndex, inputIndex) for every selected element, row-major. */
function eachSelected(shape: readonly number[], positions: number[][], visit: (out: number, input: number) => void): void {
  const strides = stridesOf(shape);
  const counts = positions.map((p) => p.length);
  const total = sizeOf(counts);
  const counter = new Array<number>(counts.length).fill(0);
  for (let k = 0; k < total; k++) {
    let input = 0;
    for (let ax = 0; ax < counts.length; ax++) input += positions[ax][counter[ax]] * strides[ax];
    visit(k, input);
    for (let ax = counts.length - 1; ax >= 0; ax--) {
      if (++counter[ax] < counts[ax]) break;
      counter[ax] = 0;
    }
  }
}

/**
 * The elements an index selects.
 * @example index(fromNested([[1, 2, 3], [4, 5, 6]]), [null, [1]]) // [[2, 3], [5, 6]]
 */
export function index(a: NDArray, specs: readonly IndexSpec[]): NDArray {
  const { positions, keep } = selectedPositions(a.shape, specs);
  const out = new Float64Array(sizeOf(positions.map((p) => p.length)));
  eachSelected(a.shape, positions, (o, i) => (out[o] = a.data[i]));
  return { shape: positions.filter((_, ax) => keep[ax]).map((p) => p.length), data: out };
}

/** The adjoint of index: g scattered back into zeros of the input's shape (repeats add up). */
export function indexAdjoint(g: NDArray, shape: readonly number[], specs: readonly IndexSpec[]): NDArray {
  const { positions } = selectedPositions(shape, specs);
  const out = new Float64Array(sizeOf(shape));
  eachSelected(shape, positions, (o, i) => (out[i] += g.data[o]));
  return { shape: [...shape], data: out };
}
