/*
 * IPython-style magics, rewritten into plain cell code before the TypeScript transform:
 * `%time stmt`, `%timeit stmt` (line form) and `%%time`, `%%timeit`, `%%html`, `%%latex`,
 * `%%svg` (cell form). A `%` at the start of a line is a syntax error in TypeScript, so the
 * rewrite never changes the meaning of ordinary code. Lines are kept where they were.
 */

import type { Position } from "./source-map";

export const KNOWN_MAGICS = ["%time", "%timeit", "%%time", "%%timeit", "%%html", "%%latex", "%%svg"];

/** A magic nobody knows (the message names the ones that exist), or one used wrongly. */
export class UnknownMagicError extends Error {
  override name = "UsageError";
}

const DISPLAY_MAGICS: Record<string, string> = { "%%html": "text/html", "%%latex": "text/latex", "%%svg": "image/svg+xml" };

/** The cell with its magics turned into calls of the sandbox's __nabla helpers. */
export interface ExpandedCell {
  readonly code: string;
  /** %%time: the executor times the whole cell (its declarations stay top-level). */
  readonly timeCell: boolean;
  /** A position in the expanded code → the cell's own (`%time null.y`: the column of `.y` in the cell). */
  readonly cellPosition: (expanded: Position) => Position;
}

/**
 * A line magic's expansion keeps its argument's text: the argument starts at `from` in the
 * cell's line and at `to` in the expanded line, and is `length` long.
 */
interface Shift {
  from: number;
  to: number;
  length: number;
}

export function expandMagics(code: string): ExpandedCell {
  const lines = code.split("\n");
  const shifts = new Map<number, Shift>();
  const cellPosition = (at: Position): Position => {
    const s = shifts.get(at.line);
    if (!s) return at;
    // Inside the argument: the same character in the cell; in the text around it: the argument's start or end.
    const offset = Math.min(Math.max(at.column - 1 - s.to, 0), s.length);
    return { line: at.line, column: s.from + offset + 1 };
  };
  if (lines[0].trim().split(/\s+/)[0] === "%%time") {
    // Keep line numbers: the magic line becomes an empty line.
    return { code: `\n${expandLineMagics(lines.slice(1).join("\n"), 2, shifts)}`, timeCell: true, cellPosition };
  }
  return { code: expandCell(code, shifts), timeCell: false, cellPosition };
}

function expandCell(code: string, shifts: Map<number, Shift>): string {
  const lines = code.split("\n");
  const first = lines[0].trim();
  if (first.startsWith("%%")) {
    const [magic, ...rest] = first.split(/\s+/);
    const body = lines.slice(1).join("\n");
    if (DISPLAY_MAGICS[magic]) {
      // The content is data, not code: hand it over as a string literal on one line.
      return `__nabla.displayMime(${JSON.stringify(DISPLAY_MAGICS[magic])}, ${JSON.stringify(body)})${"\n".repeat(lines.length - 1)}`;
    }
    if (magic === "%%timeit") checkTimeitOptions(magic, rest.join(" "));
    if (magic === "%%timeit") return `__nabla.timeit(${JSON.stringify(rest.join(" "))}, () => {\n${expandLineMagics(body, 2, shifts)}\n});`;
    throw unknown(magic);
  }
  return expandLineMagics(code, 1, shifts);
}

/** Expands the line magics of `code`, whose first line is the cell's line `firstLine`; records where each argument moved. */
function expandLineMagics(code: string, firstLine: number, shifts: Map<number, Shift>): string {
  return code
    .split("\n")
    .map((line, i) => {
      const m = /^(\s*)(%[A-Za-z_]\w*)(?:\s+(.*))?$/.exec(line);
      if (!m) return line;
      const [, indent, magic, rest = ""] = m;
      // The argument runs to the end of the line: `before` + argument + `after` is the expansion.
      const expand = (before: string, argument: string, after: string): string => {
        shifts.set(firstLine + i, { from: line.length - argument.length, to: before.length, length: argument.length });
        return `${before}${argument}${after}`;
      };
      if (magic === "%time") {
        // An expression keeps its value (shown when it is the cell's last line, as IPython
        // does); a statement (a declaration, a loop) is timed where it stands.
        if (isExpression(rest)) return expand(`${indent}__nabla.timeEnd(__nabla.timeStart(), (`, rest, "));");
        return expand(`${indent}__nabla.timeStart(); `, rest, "; __nabla.timeEnd();");
      }
      if (magic === "%timeit") {
        const options = /^((?:-[nr]\s*\d+\s*)*)(.*)$/.exec(rest) as RegExpExecArray;
        checkTimeitOptions(magic, options[1]);
        return expand(`${indent}__nabla.timeit(${JSON.stringify(options[1].trim())}, () => { `, options[2], " });");
      }
      throw unknown(magic);
    })
    .join("\n");
}

/** `-n 0` or `-r 0` would time nothing and print "Infinity s ± NaN ns per loop". */
function checkTimeitOptions(magic: string, options: string): void {
  const zero = /-([nr])\s*0+(?!\d)/.exec(options);
  if (zero) throw new UnknownMagicError(`${magic}: -${zero[1]} must be at least 1`);
}

/** Whether a one-line %time argument reads as an expression rather than a statement. */
function isExpression(text: string): boolean {
  const t = text.trim().replace(/;$/, "");
  if (t === "" || t.includes(";")) return false;
  return !/^(const|let|var|function|class|if|for|while|do|switch|try|return|throw|import|export|async\s+function|type|interface|enum)\b/.test(t) && !t.startsWith("{");
}

function unknown(magic: string): UnknownMagicError {
  return new UnknownMagicError(`unknown magic ${magic}; Nabla knows ${KNOWN_MAGICS.join(", ")}`);
}
