import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChildProcess } from "node:child_process";
import { ts } from "ts-morph";
import { examples, type Example } from "../support/doc-examples";
import type { TestClient } from "../kernel/support/client";
import { startKernel } from "../kernel/support/kernel-process";

/*
 * Every @example in the runtime's doc comments runs in a notebook cell, as a user pastes it
 * from the inspector (shift-tab), and every line whose comment states a result is checked
 * against it: `derivative(Math.sin)(0)  // 1`. A comment states a result when it reads as a
 * value — a number, an array, an object, true/false, a string — possibly after working
 * (`3x² = 12`: the part after the last `=`), with π and sin/cos of a number allowed
 * (`[6, sin 2]`). Numbers shown with decimals are compared to the digits shown; others to
 * 1e-12. Comments that are not values (`X⁻ᵀ`, `the Jacobian`) are not checked, but their
 * lines still run and must not throw.
 */

/** A line's code and its trailing comment (a `//` outside strings), if any. */
function splitComment(line: string): [string, string | undefined] {
  const file = ts.createSourceFile("line.ts", line, ts.ScriptTarget.ES2022, true);
  const comments = ts.getTrailingCommentRanges(line, file.statements.at(-1)?.end ?? 0) ?? [];
  const last = comments.find((c) => c.kind === ts.SyntaxKind.SingleLineCommentTrivia);
  if (last === undefined) return [line, undefined];
  return [line.slice(0, last.pos).trimEnd(), line.slice(last.pos + 2).trim()];
}

/** Whether code is one expression statement that parses cleanly (TypeScript syntax allowed). */
function isExpression(code: string): boolean {
  const file = ts.createSourceFile("line.ts", code, ts.ScriptTarget.ES2022, true);
  const diagnostics = (file as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics;
  return diagnostics.length === 0 && file.statements.length === 1 && ts.isExpressionStatement(file.statements[0]);
}

/** A comment's stated value as JavaScript source (see the header), or undefined. */
function statedValue(comment: string): string | undefined {
  // Working written out (`3x² = 12`, `x = 3`) is never itself the value: only what follows its last =.
  const worked = /(^|[^=!<>])=(?![=>])/.test(comment);
  // Or a value followed by a remark: `[5, 10]: the rows' norms`, `6 (column 2: 2 + 4)`, `3, not 6`, `[-1, 0, π]  (≈)`.
  const readings = worked ? [comment.split("=").at(-1)!] : [comment, comment.replace(/\s*\([^()]*\)\s*$/, ""), comment.split(/:\s/)[0], comment.split(/,\s*not\b/)[0]];
  for (const reading of readings) {
    const source = reading
      .trim()
      .replace(/(\d)\s*π/g, "$1*Math.PI")
      .replace(/π/g, "Math.PI")
      .replace(/\b(sin|cos|tan|exp|log|sqrt) (\d+(?:\.\d+)?)/g, "Math.$1($2)")
      .replace(/·/g, "*");
    if (source === "") continue;
    try {
      const value = new Function(`return (${source});`)();
      if (typeof value === "number" || typeof value === "boolean" || typeof value === "string" || (typeof value === "object" && value !== null)) return source;
    } catch {
      // Not a value on this reading.
    }
  }
  return undefined;
}

/** The tolerance a stated value implies: its digits shown, or 1e-12 for exact values. */
function toleranceOf(comment: string): number {
  let tolerance = 1e-12;
  for (const m of comment.matchAll(/\d+\.(\d+)(?:e([+-]?\d+))?/g)) {
    tolerance = Math.max(tolerance, 0.51 * 10 ** (Number(m[2] ?? 0) - m[1].length));
  }
  return tolerance;
}

/** The cell for one example: checked lines call __docCheck, the rest run as written, in a block of their own. */
function cellOf(example: Example): { cell: string; checks: number } {
  let checks = 0;
  const lines = example.code.split("\n").map((line, k) => {
    const [code, comment] = splitComment(line);
    const expression = code.replace(/;\s*$/, "");
    const stated = comment === undefined ? undefined : statedValue(comment);
    if (stated === undefined || !isExpression(expression)) return line;
    checks++;
    const label = `${example.name}, line ${k + 1}: ${expression}  // ${comment}`;
    return `__docCheck(${expression}, () => (${stated}), ${toleranceOf(comment!)}, ${JSON.stringify(label)});`;
  });
  return { cell: `{\n${lines.join("\n")}\n}`, checks };
}

/** Defined in the kernel once: compares a value (tensors as arrays, AD values by value) with the stated one. */
const CHECKER = `
const __docFailures: string[] = [];
let __docChecked = 0;
function __docPlain(v: any): any {
  if (v && typeof v.toArray === "function") return v.toArray();
  if (Array.isArray(v)) return v.map(__docPlain);
  if (v && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) return Object.fromEntries(Object.entries(v).map(([k, e]) => [k, __docPlain(e)]));
  return v;
}
function __docSame(a: any, e: any, tol: number): boolean {
  if (typeof e === "number") return typeof a === "number" && (Object.is(a, e) || Math.abs(a - e) <= tol * Math.max(1, Math.abs(e)) || Math.abs(a - e) <= tol);
  if (Array.isArray(e)) return Array.isArray(a) && a.length === e.length && e.every((x, i) => __docSame(a[i], x, tol));
  if (e && typeof e === "object") return !!a && typeof a === "object" && Object.keys(a).length === Object.keys(e).length && Object.keys(e).every((k) => __docSame(a[k], e[k], tol));
  return a === e;
}
function __docCheck(actual: any, expected: () => any, tol: number, label: string): void {
  __docChecked++;
  const a = __docPlain(actual);
  const e = expected();
  if (!__docSame(a, e, tol)) __docFailures.push(label + " → got " + JSON.stringify(a) + ", expected " + JSON.stringify(e));
}
`;

describe("the doc comments' examples, run in a cell", () => {
  let kernel: ChildProcess;
  let client: TestClient;

  beforeAll(async () => {
    ({ kernel, client } = await startKernel());
  });

  afterAll(() => {
    client?.close();
    kernel?.kill("SIGKILL");
  });

  it("every @example runs, and every result its comments state is what it gives", async () => {
    const all = examples();
    expect(all.length, "examples found").toBeGreaterThan(100);
    const setup = await client.execute(CHECKER);
    expect(setup.reply.content.status, JSON.stringify(setup.reply.content)).toBe("ok");
    const errors: string[] = [];
    let checks = 0;
    for (const example of all) {
      const { cell, checks: k } = cellOf(example);
      checks += k;
      const { reply } = await client.execute(cell);
      if (reply.content.status !== "ok") errors.push(`${example.name}: ${reply.content.ename}: ${reply.content.evalue}\n${example.code}\n${(reply.content.traceback ?? []).join("\n")}`);
    }
    // The harness itself: a wrong statement is reported.
    await client.execute(`__docCheck([1 + 1], () => ([3]), 1e-12, "the harness's own wrong statement")`);
    const { iopub } = await client.execute("console.log(JSON.stringify({ checked: __docChecked, failures: __docFailures }))");
    const text = iopub.filter((m) => m.header.msg_type === "stream").map((m) => m.content.text as string).join("");
    const { checked, failures } = JSON.parse(text) as { checked: number; failures: string[] };
    // Every checked line ran, and enough comments state values for this test to mean something.
    expect(checked).toBe(checks + 1);
    expect(checks, "lines checked").toBeGreaterThan(150);
    expect(errors, "examples that threw").toEqual([]);
    expect(failures, "stated results that differ").toEqual(["the harness's own wrong statement → got [2], expected [3]"]);
  }, 240_000);
});
