import * as vm from "node:vm";
import type { ToChild } from "./protocol";
import type { CompleteResult, ExecuteOutcome, UserExpressionResult } from "./types";
import { createSandbox, type Sandbox } from "./sandbox";
import { currentCell, flushStreams, send, setLastCell, writeStream } from "./output";
import { bundleOf } from "./display";
import { cellPositionMaps, compileErrorPosition, describeError } from "./traceback";
import type { Position } from "../transform/source-map";
import { codePointsBefore, complete, inspectAt, inspectTarget, utf16Offset } from "./introspect";
import { LanguageClient } from "../language/client";
import { runtimeDoc } from "../language/runtime-docs";
import { exitWithParent } from "./watchdog";
import { CellSyntaxError, transformCell } from "../transform/transform";
import { isComplete } from "../transform/is-complete";
import { expandMagics, UnknownMagicError, type ExpandedCell } from "../transform/magics";
import { timeEnd, timeStart } from "./timing";
import { drainStaleInterrupts } from "./stale-interrupt";

/*
 * The sandbox process: runs cells in a vm context, one at a time, and reports their output
 * to the kernel over IPC. A SIGINT from the kernel stops synchronous code (breakOnSigint)
 * or abandons the awaited promise of an async cell; the sandbox keeps its variables.
 */

exitWithParent(process.ppid);
process.on("disconnect", () => process.exit(0));

const log = (msg: string): void => {
  process.stderr.write(`[nabla sandbox] ${msg}\n`);
};
const sandbox: Sandbox = createSandbox(process.env.NABLA_CWD ?? process.cwd(), log);
// Type checking, completion and inspection from types, warmed up in a worker thread.
/** The runtime's exports and the sandbox's own globals, globals of every cell (read into locals by the cell transform). */
const runtimeNames: ReadonlySet<string> = new Set([...sandbox.runtimeNames, ...sandbox.globalNames]);
const language = sandbox.runtimeEntry ? new LanguageClient(sandbox.runtimeEntry, sandbox.runtimeNames) : null;
let abandonCurrent: ((reason: unknown) => void) | null = null;

class KeyboardInterrupt extends Error {
  override name = "KeyboardInterrupt";
}

process.on("SIGINT", () => {
  // Only an awaiting async cell can be stopped here; synchronous code is stopped by vm.
  abandonCurrent?.(new KeyboardInterrupt("interrupted"));
});

process.on("uncaughtException", (e) => {
  // An error thrown from a timer or a late promise of some cell: show it in that cell.
  const { ename, evalue, traceback } = describeError(e);
  flushStreams(); // what the callback printed before it threw comes first
  send({ type: "stream", cell: currentCellId(), name: "stderr", text: `${traceback.join("\n")}\n` });
  void ename;
  void evalue;
});
process.on("unhandledRejection", (e) => {
  const { traceback } = describeError(e);
  flushStreams();
  send({ type: "stream", cell: currentCellId(), name: "stderr", text: `Unhandled promise rejection: ${traceback.join("\n")}\n` });
});

function currentCellId(): number {
  return currentCell.getStore() ?? lastId;
}
let lastId = 0;

async function runCell(msg: Extract<ToChild, { type: "execute" }>): Promise<ExecuteOutcome> {
  sandbox.allowStdin = msg.allowStdin;
  // An interrupt ends a cell without running the runtime's `finally` blocks.
  sandbox.recoverFromInterrupt();
  let cell;
  let expanded: ExpandedCell = { code: msg.code, timeCell: false, cellPosition: (at) => at };
  try {
    expanded = expandMagics(msg.code);
    cell = transformCell(expanded.code, new Set(Object.keys(sandbox.scope)), sandbox.constants, runtimeNames);
  } catch (e) {
    if (e instanceof UnknownMagicError) return { status: "error", ename: "UsageError", evalue: e.message, traceback: [`\x1b[31mUsageError\x1b[0m: ${e.message}`] };
    if (e instanceof CellSyntaxError) {
      const at = expanded.cellPosition(e);
      return syntaxError(msg.code, `${e.message.replace(/ \(\d+:\d+\)$/, "")} (${at.line}:${at.column})`, at);
    }
    throw e;
  }
  const filename = cellName(msg.count);
  cellPositionMaps.set(filename, scriptToCell(cell.cellPosition, msg.code, expanded));
  await warnTypeErrors(msg.code, filename);
  let script: vm.Script;
  try {
    script = new vm.Script(cell.script, { filename });
  } catch (e) {
    // V8's own SyntaxErrors (`let h` twice inside a function) at the cell's line and column.
    const at = compileErrorPosition(e);
    if (at) return syntaxError(msg.code, `${(e as Error).message} (${at.line}:${at.column})`, at);
    return { status: "error", ...describeError(e) };
  }
  sandbox.declaredNames.clear();
  try {
    if (expanded.timeCell) timeStart();
    let value: unknown;
    try {
      value = script.runInContext(sandbox.context, { breakOnSigint: true });
      if (cell.isAsync) value = await abandonable(value as Promise<unknown>);
      // A promise as the cell's value is awaited and its result shown, as in an async cell.
      else if (isThenable(value)) value = await abandonable(Promise.resolve(value));
    } finally {
      if (expanded.timeCell) timeEnd();
    }
    flushStreams();
    if (value !== undefined) {
      const { data, metadata } = bundleOf(value);
      send({ type: "result", cell: msg.id, data, metadata });
    }
    language?.addCell(msg.code);
    return { status: "ok", userExpressions: evaluateUserExpressions(msg.userExpressions) };
  } catch (e) {
    // What the cell declared before it failed exists, as in JavaScript: later cells see those names.
    language?.addCell(msg.code, [...sandbox.declaredNames]);
    return { status: "error", ...describeError(e), userExpressions: evaluateUserExpressions(msg.userExpressions) };
  }
}

type ScriptToCell = (script: Position) => Position | null;

/** scriptToCell's maps: per map of the transform (shared by its identical runs), per cell text. */
const composedMaps = new WeakMap<ScriptToCell, Map<string, ScriptToCell>>();

/**
 * Script position → position in the cell as typed: the transform's map, then the magics'.
 * Every run's map is kept for the session's tracebacks, so a cell run again (the same text,
 * transformed the same way, so the transform's map is the same one) gets its earlier run's
 * instead of one more, with the expanded code, of its own.
 */
function scriptToCell(inExpanded: ScriptToCell, code: string, expanded: ExpandedCell): ScriptToCell {
  let byCode = composedMaps.get(inExpanded);
  if (!byCode) composedMaps.set(inExpanded, (byCode = new Map()));
  let map = byCode.get(code);
  if (!map) {
    const toCell = expanded.cellPosition;
    map = (script) => {
      const at = inExpanded(script);
      return at && { ...toCell(at), operation: at.operation };
    };
    byCode.set(code, map);
  }
  return map;
}

/** A syntax error's reply: the message, and the cell's line with a caret under the column. */
function syntaxError(code: string, evalue: string, at: Position): ExecuteOutcome {
  const line = code.split("\n")[at.line - 1] ?? "";
  return { status: "error", ename: "SyntaxError", evalue, traceback: [`\x1b[31mSyntaxError\x1b[0m: ${evalue}`, line, `${" ".repeat(Math.max(0, at.column - 1))}^`] };
}

/**
 * The name tracebacks give the cell: its execution count, the n of In [n] (the executor's own
 * ids also count completions, so they drift). A count seen before (a silent cell, a cell run
 * with store_history false) gets a suffix, so each script keeps its own line table.
 */
function cellName(count: number): string {
  let name = `<cell ${count}>`;
  for (let k = 2; cellPositionMaps.has(name); k++) name = `<cell ${count}.${k}>`;
  return name;
}

function isThenable(x: unknown): x is PromiseLike<unknown> {
  return x !== null && (typeof x === "object" || typeof x === "function") && typeof (x as { then?: unknown }).then === "function";
}

/**
 * Type errors are warnings on stderr with the cell's line:column; the cell still runs
 * (tslab #54, #103). Skipped until the language service is warm, and for magic cells.
 */
async function warnTypeErrors(code: string, filename: string): Promise<void> {
  if (!language?.ready || /^\s*%/m.test(code)) return;
  const diagnostics = await language.diagnostics(code);
  if (!diagnostics || diagnostics.length === 0) return;
  const text = diagnostics.map((d) => `warning: ${filename}:${d.line}:${d.column}: ${d.message}${d.code ? ` (TS${d.code})` : ""}\n`).join("");
  writeStream("stderr", text);
  flushStreams();
}

/** Waits for an async cell, unless an interrupt abandons it first. */
function abandonable<T>(promise: Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    abandonCurrent = reject;
    promise.then(resolve, reject);
  }).finally(() => {
    abandonCurrent = null;
  });
}

function evaluateUserExpressions(expressions: Record<string, string>): Record<string, UserExpressionResult> {
  const results: Record<string, UserExpressionResult> = {};
  for (const [name, source] of Object.entries(expressions ?? {})) {
    try {
      const cell = transformCell(source, new Set(Object.keys(sandbox.scope)), sandbox.constants, runtimeNames);
      const value = new vm.Script(cell.script, { filename: `<user expression ${name}>` }).runInContext(sandbox.context);
      results[name] = { status: "ok", ...bundleOf(value) };
    } catch (e) {
      results[name] = { status: "error", ...describeError(e) };
    }
  }
  return results;
}

/** Completion from the language service, with positions in code points as Jupyter counts them. */
async function completeFromTypes(code: string, cursorCodePoints: number): Promise<CompleteResult | null> {
  if (!language) return null;
  const r = await language.complete(code, utf16Offset(code, cursorCodePoints));
  if (!r || r.matches.length === 0) return null;
  const start = codePointsBefore(code, r.start);
  const types = (r.metadata._jupyter_types_experimental as { start: number; end: number }[] | undefined)?.map((t) => ({ ...t, start, end: cursorCodePoints }));
  return { matches: r.matches, cursorStart: start, cursorEnd: cursorCodePoints, metadata: { _jupyter_types_experimental: types ?? [] } };
}

let queue: Promise<void> = Promise.resolve();

process.on("message", (msg: ToChild) => {
  if (msg.type === "execute") {
    queue = queue.then(async () => {
      lastId = msg.id;
      setLastCell(msg.id);
      let outcome: ExecuteOutcome;
      try {
        if (msg.drainInterrupts) drainStaleInterrupts(sandbox.context);
        outcome = await currentCell.run(msg.id, () => runCell(msg));
      } catch (e) {
        outcome = { status: "error", ...describeError(e) };
      }
      flushStreams();
      send({ type: "done", id: msg.id, outcome });
    });
  } else if (msg.type === "complete") {
    void completeFromTypes(msg.code, msg.cursorPos).then((typed) =>
      send({ type: "answer", id: msg.id, result: typed ?? complete(msg.code, msg.cursorPos, sandbox.scope, sandbox.context) }),
    );
  } else if (msg.type === "inspect") {
    const at = inspectTarget(msg.code, msg.cursorPos);
    const typed = language ? language.inspect(msg.code, utf16Offset(msg.code, at), msg.detailLevel) : Promise.resolve(null);
    void typed.then((fromTypes) => {
      const live = inspectAt(msg.code, at, sandbox.scope, sandbox.context, (name) => (runtimeNames.has(name) ? runtimeDoc(name) : undefined));
      send({ type: "answer", id: msg.id, result: fromTypes?.found ? fromTypes : live });
    });
  } else if (msg.type === "isComplete") {
    send({ type: "answer", id: msg.id, result: isComplete(msg.code) });
  }
});

send({ type: "ready" });
