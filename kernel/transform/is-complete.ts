import { ts } from "ts-morph";
import type { IsCompleteResult } from "../executor/types";

/** Parser messages that mean "the cell goes on", when they sit at its very end. */
const UNFINISHED = new Set([
  1005, // 'x' expected (a closing brace, bracket or parenthesis)
  1002, // Unterminated string literal
  1160, // Unterminated template literal
  1010, // '*/' expected
  1109, // Expression expected
  1126, // Unexpected end of text
  1146, // Declaration expected (a decorator, `@dec`, before its class or member)
  1003, // Identifier expected (a trailing `.` of a chain split over lines: `xs\n  .map(f)\n  .`)
]);

/**
 * Whether a cell can run as typed (Jupyter's is_complete_request): "incomplete" when it
 * stops inside an open bracket, string, template or comment (with the indent for the next
 * line), "invalid" for other syntax errors, "complete" otherwise.
 */
export function isComplete(code: string): IsCompleteResult {
  if (code.trim() === "") return { status: "complete" };
  // A cell magic's body is not TypeScript (%%html, %%latex …): as in IPython, it goes on
  // until a blank line, so `%%time` and Enter in a console does not run an empty cell.
  if (code.trimStart().startsWith("%%")) {
    const lines = code.split("\n");
    const last = lines[lines.length - 1];
    return last.trim() === "" && lines.length > 1 ? { status: "complete" } : { status: "incomplete", indent: /^\s*/.exec(last)?.[0] ?? "" };
  }
  // A line magic's code is TypeScript (`%time f(x)`, `%timeit -n 10 f(x)`): check that code.
  code = code.replace(/^(\s*)%\w+((?:\s+-[a-zA-Z]+(?:\s+\d+)?)*)[ \t]*/gm, "$1");
  const sf = ts.createSourceFile("cell.ts", code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const diagnostics = (sf as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics ?? [];
  if (diagnostics.length === 0) return { status: "complete" };
  const end = code.trimEnd().length;
  const atEnd = diagnostics.every((d) => UNFINISHED.has(d.code) && (d.start ?? 0) >= end - 1);
  if (!atEnd) return { status: "invalid" };
  const lastLine = code.trimEnd().split("\n").pop() ?? "";
  const indent = /^\s*/.exec(lastLine)?.[0] ?? "";
  const opens = /[{([]\s*$/.test(lastLine);
  return { status: "incomplete", indent: opens ? indent + "  " : indent };
}
