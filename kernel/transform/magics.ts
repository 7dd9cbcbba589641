/*
 * IPython-style magics, rewritten into plain cell code before the TypeScript transform:
 * `%time stmt`, `%timeit stmt` (line form) and `%%time`, `%%timeit`, `%%html`, `%%latex`,
 * `%%svg` (cell form). A `%` at the start of a line is a syntax error in TypeScript, so the
 * rewrite never changes the meaning of ordinary code. Lines are kept where they were.
 */

export const KNOWN_MAGICS = ["%time", "%timeit", "%%time", "%%timeit", "%%html", "%%latex", "%%svg"];

/** A magic nobody knows: the message names the ones that exist. */
export class UnknownMagicError extends Error {
  override name = "UsageError";
}

const DISPLAY_MAGICS: Record<string, string> = { "%%html": "text/html", "%%latex": "text/latex", "%%svg": "image/svg+xml" };

/** The cell with its magics turned into calls of the sandbox's __nabla helpers. */
export interface ExpandedCell {
  readonly code: string;
  /** %%time: the executor times the whole cell (its declarations stay top-level). */
  readonly timeCell: boolean;
}

export function expandMagics(code: string): ExpandedCell {
  const lines = code.split("\n");
  if (lines[0].trim().split(/\s+/)[0] === "%%time") {
    // Keep line numbers: the magic line becomes an empty line.
    return { code: `\n${expandLineMagics(lines.slice(1).join("\n"))}`, timeCell: true };
  }
  return { code: expandCell(code), timeCell: false };
}

function expandCell(code: string): string {
  const lines = code.split("\n");
  const first = lines[0].trim();
  if (first.startsWith("%%")) {
    const [magic, ...rest] = first.split(/\s+/);
    const body = lines.slice(1).join("\n");
    if (DISPLAY_MAGICS[magic]) {
      // The content is data, not code: hand it over as a string literal on one line.
      return `__nabla.displayMime(${JSON.stringify(DISPLAY_MAGICS[magic])}, ${JSON.stringify(body)})${"\n".repeat(lines.length - 1)}`;
    }
    if (magic === "%%timeit") return `__nabla.timeit(${JSON.stringify(rest.join(" "))}, () => {\n${expandLineMagics(body)}\n});`;
    throw unknown(magic);
  }
  return expandLineMagics(code);
}

function expandLineMagics(code: string): string {
  return code
    .split("\n")
    .map((line) => {
      const m = /^(\s*)(%[A-Za-z_]\w*)(?:\s+(.*))?$/.exec(line);
      if (!m) return line;
      const [, indent, magic, rest = ""] = m;
      if (magic === "%time") {
        // An expression keeps its value (shown when it is the cell's last line, as IPython
        // does); a statement (a declaration, a loop) is timed where it stands.
        if (isExpression(rest)) return `${indent}__nabla.timeEnd(__nabla.timeStart(), (${rest}));`;
        return `${indent}__nabla.timeStart(); ${rest}; __nabla.timeEnd();`;
      }
      if (magic === "%timeit") {
        const options = /^((?:-[nr]\s*\d+\s*)*)(.*)$/.exec(rest) as RegExpExecArray;
        return `${indent}__nabla.timeit(${JSON.stringify(options[1].trim())}, () => { ${options[2]} });`;
      }
      throw unknown(magic);
    })
    .join("\n");
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
