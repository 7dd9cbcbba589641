import { SourceMap } from "node:module";

/*
 * Positions in a cell's script back to the cell, in two steps: the TypeScript compiler's
 * source map (script → the edited cell, which it reformats), then the transform's own edits
 * (edited cell → cell). Node's built-in SourceMap reads the compiler's map. The edits keep
 * their own offset table rather than a second source map: a source map (magic-string's too)
 * maps only text copied from the cell, so a call the transform inserted — `__mul(` for
 * `a * b`, where a tensor op throws — would land on the character before the expression.
 */

/** A text position; line and column 1-based, as in stack traces. */
export interface Position {
  line: number;
  column: number;
  /** Set on the position of an operation of a fused expression's fallback (transform/fusion.ts), for tracebacks. */
  operation?: boolean;
}

/** An edit of a text: `text` replaces [start, end); an insertion has start === end. */
export interface Edit {
  start: number;
  end: number;
  text: string;
  /** Text order among edits at one position: lower rank comes first. */
  rank?: number;
}

/** The edited text and, for any offset in it, the offset in the original it came from. */
export interface EditedText {
  readonly text: string;
  readonly toOriginal: (offset: number) => number;
  /** toOriginal's table (where each piece starts in both texts, and whether it was copied): equal tables, equal maps. */
  readonly table: Float64Array;
}

/**
 * Makes non-overlapping edits. Text copied from the original maps character by character;
 * inserted text maps to the place it was inserted at (replacing text: the start of what it replaced).
 */
export function applyEdits(code: string, edits: readonly Edit[]): EditedText {
  // Text order: by position; at one position an insertion before a replacement, then by rank.
  const ordered = edits.map((e, i) => ({ ...e, i })).sort((a, b) => a.start - b.start || a.end - b.end || (a.rank ?? 50) - (b.rank ?? 50) || b.i - a.i);
  const outStarts: number[] = [];
  const origStarts: number[] = [];
  const copied: boolean[] = [];
  let out = "";
  let cursor = 0;
  const piece = (text: string, origin: number, isCopy: boolean): void => {
    if (!text) return;
    outStarts.push(out.length);
    origStarts.push(origin);
    copied.push(isCopy);
    out += text;
  };
  for (const e of ordered) {
    if (e.start > cursor) piece(code.slice(cursor, e.start), cursor, true);
    piece(e.text, e.start, false);
    cursor = Math.max(cursor, e.end);
  }
  piece(code.slice(cursor), cursor, true);
  return { text: out, toOriginal: offsetMap(outStarts, origStarts, copied), table: Float64Array.from([...outStarts, ...origStarts, ...copied.map(Number)]) };
}

/**
 * toOriginal over the pieces, in typed arrays. Made outside applyEdits, whose closures share
 * one scope: the executor keeps every cell's map for tracebacks, and this one kept the edited
 * text's rope of pieces and three arrays of boxed entries (250 KB for a 100-line cell).
 */
function offsetMap(outStarts: readonly number[], origStarts: readonly number[], copied: readonly boolean[]): (offset: number) => number {
  const out = Float64Array.from(outStarts);
  const orig = Float64Array.from(origStarts);
  const isCopy = Uint8Array.from(copied, Number);
  return (offset) => {
    const k = lastAtOrBefore(out, offset);
    if (k < 0) return 0;
    return isCopy[k] === 1 ? orig[k] + (offset - out[k]) : orig[k];
  };
}

/** Index of the last element ≤ x in an ascending array, or -1. */
function lastAtOrBefore(sorted: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= x) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

/** Offsets of the starts of a text's lines. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}

/** The 1-based position of an offset. */
export function positionAt(starts: readonly number[], offset: number): Position {
  const k = Math.max(0, lastAtOrBefore(starts, offset));
  return { line: k + 1, column: offset - starts[k] + 1 };
}

/**
 * Script position → position in the compiler's input, through its source map. The nearest
 * mapping at or before the position is taken, plus the distance from it on the same line
 * (mappings sit at token starts, and a token is the same text on both sides).
 */
export function compilerInputPosition(map: SourceMap, position: Position): Position | null {
  const entry = map.findEntry(position.line - 1, position.column - 1);
  if (!("originalLine" in entry)) return null;
  const within = entry.generatedLine === position.line - 1 ? position.column - 1 - entry.generatedColumn : 0;
  return { line: entry.originalLine + 1, column: entry.originalColumn + within + 1 };
}
