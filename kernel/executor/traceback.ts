import { inspect } from "node:util";
import type { ExecuteError } from "./types";
import type { Position } from "../transform/source-map";
import { userMessage } from "./error-message";

const RED = "\x1b[31m";
const CYAN = "\x1b[36m";
const RESET = "\x1b[0m";

/** cell script file name → script position → cell position (null: the kernel's own code). */
export const cellPositionMaps = new Map<string, (script: Position) => Position | null>();

/**
 * ename, evalue and a traceback whose positions are the cells' own lines; the kernel's
 * frames are cut. Non-Error throws (`throw 42`, `throw null`) are reported too.
 */
export function describeError(e: unknown): ExecuteError {
  if (!(e instanceof Error) && !(typeof e === "object" && e !== null && "stack" in e && "message" in e)) {
    const evalue = inspect(e);
    return { ename: "Uncaught", evalue, traceback: [`${RED}Uncaught${RESET} ${evalue}`] };
  }
  const err = e as Error;
  if ((err as { code?: string }).code === "ERR_SCRIPT_EXECUTION_INTERRUPTED" || err.name === "KeyboardInterrupt") {
    return { ename: "KeyboardInterrupt", evalue: "the cell was interrupted", traceback: [`${RED}KeyboardInterrupt${RESET}: the cell was interrupted`] };
  }
  const ename = err.name || "Error";
  // V8 quotes the transformed code in a TypeError (scope.W.tranpose is not a function): the cell's own words.
  const evalue = ename === "TypeError" ? userMessage(err.message ?? "") : (err.message ?? "");
  const frames = collapseRepeats(userFrames(err).map((f) => mapFrame(f.text, true, f.at)));
  return { ename, evalue, traceback: [`${RED}${ename}${RESET}: ${evalue}`, ...frames] };
}

/**
 * A run of one frame (runaway recursion fills the stack with the same line) as the frame
 * and a count, as IPython shows "[... skipping similar frames: f at line 1 (2970 times)]".
 */
function collapseRepeats(frames: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < frames.length; ) {
    let j = i + 1;
    while (j < frames.length && frames[j] === frames[i]) j++;
    out.push(frames[i]);
    if (j - i > 2) out.push(`    ... the frame above repeated ${j - i - 1} more times`);
    else if (j - i === 2) out.push(frames[i]);
    i = j;
  }
  return out;
}

/**
 * The stack frames worth showing: not Node's, not the kernel's, not the runtime's (its errors
 * name the operation and the shapes at fault; the user's own line is what to look at), and
 * not the call that starts the cell's own wrapper function (the cell frame right before the
 * vm's).
 */
function userFrames(err: Error): { text: string; at?: Position }[] {
  const lines = String(err.stack ?? "").split("\n").filter((l) => /^\s+at /.test(l));
  const wrapperCall = lines.findIndex((l, i) => /<cell [\d.]+>/.test(l) && /\bnode:vm\b/.test(lines[i + 1] ?? ""));
  const internal = lines.map((l) => /\(node:|at node:|\/kernel\/executor\/|\/kernel\/transform\/|\/dist\/src\//.test(l) || inCellWrapper(l));
  // A built-in called by the runtime (plot's items.forEach, where's data.map) showed as
  // "at Array.forEach (<anonymous>)" between the message and the cell's line: it is the
  // runtime's too when every frame below it up to the next non-built-in is internal.
  // One called by the cell (xs.map(f) with f throwing) is kept.
  for (let i = lines.length - 1; i >= 0; i--) {
    if (!internal[i] && isBuiltin(lines[i])) {
      let j = i + 1;
      while (j < lines.length && isBuiltin(lines[j])) j++;
      internal[i] = j < lines.length && internal[j];
    }
  }
  // A fused expression's fallback (transform/fusion.ts) runs in the cell's wrapper: its frame
  // names the operation that threw, whose place the expression's own frame below then shows
  // (`2 * P + P * Q` points at P * Q, as operation by operation).
  const frames: { text: string; at?: Position }[] = [];
  let operation: { file: string; at: Position } | undefined;
  lines.forEach((l, i) => {
    const at = operationAt(l);
    if (at) operation = at;
    if (i === wrapperCall || internal[i]) return;
    const file = /<cell [\d.]+>/.exec(l)?.[0];
    frames.push(operation && file === operation.file ? { text: l, at: operation.at } : { text: l });
    operation = undefined;
  });
  return frames;
}

/** The operation of a fused expression's fallback a frame is in, with its place in the cell. */
function operationAt(frame: string): { file: string; at: Position } | undefined {
  const m = /(<cell [\d.]+>):(\d+):(\d+)/.exec(frame);
  const at = m ? cellPositionMaps.get(m[1])?.({ line: Number(m[2]), column: Number(m[3]) }) : null;
  return at?.operation ? { file: m![1], at } : undefined;
}

/** A frame of a function built into JavaScript: "at Array.map (<anonymous>)". */
function isBuiltin(frame: string): boolean {
  return /\(<anonymous>\)$|at <anonymous>$/.test(frame.trim());
}

/** A frame in the code the transform wraps a cell in: `__mul` of `a * b` on tensors, say. */
function inCellWrapper(frame: string): boolean {
  const m = /(<cell [\d.]+>):(\d+):(\d+)/.exec(frame);
  const toCell = m ? cellPositionMaps.get(m[1]) : undefined;
  if (toCell === undefined) return false;
  const at = toCell({ line: Number(m![2]), column: Number(m![3]) });
  return at === null || at.operation === true;
}

/** "at f (<cell 3>:12:18)" → "at f (<cell 3>:4:7)", the cell's own line and column (or `place`, an operation's). */
function mapFrame(line: string, colour = true, place?: Position): string {
  // A function declared in a cell lives on the session scope: show its own name, f, not
  // Object.f (V8 names the receiver's type, the scope being a plain object).
  return line.replace(/\bat (?:scope|Object|__declLet|__declConst)\.(?=\S+ \(<cell )/, "at ").replace(/(<cell [\d.]+>):(\d+):(\d+)/g, (_m, file: string, l: string, c: string) => {
    const at = place ?? cellPositionMaps.get(file)?.({ line: Number(l), column: Number(c) }) ?? { line: Number(l), column: Number(c) };
    return colour ? `${CYAN}${file}:${at.line}${RESET}:${at.column}` : `${file}:${at.line}:${at.column}`;
  });
}

/**
 * An Error shown as a value (not thrown): its name and message, and the frames in cells,
 * at the cells' own lines — not the sandbox's machinery.
 */
export function errorText(err: Error): string {
  const frames = userFrames(err)
    .filter((f) => /<cell [\d.]+>/.test(f.text))
    .map((f) => mapFrame(f.text, false, f.at));
  return [`${err.name || "Error"}: ${err.message ?? ""}`, ...frames].join("\n");
}

/**
 * Where in its cell V8 found a SyntaxError compiling a cell's script, or null. V8 gives the
 * position only in the stack's first lines: "<cell 3>:2", the line, and a caret under the column.
 */
export function compileErrorPosition(e: unknown): Position | null {
  if (!(e instanceof Error) || e.name !== "SyntaxError") return null;
  const [where, , caret] = String(e.stack ?? "").split("\n");
  const m = /^(<cell [\d.]+>):(\d+)$/.exec(where ?? "");
  const column = caret?.indexOf("^") ?? -1;
  if (!m || column < 0) return null;
  return cellPositionMaps.get(m[1])?.({ line: Number(m[2]), column: column + 1 }) ?? null;
}
