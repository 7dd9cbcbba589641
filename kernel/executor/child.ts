import * as vm from "node:vm";
import type { ToChild } from "./protocol";
import type { ExecuteOutcome, UserExpressionResult } from "./types";
import { createSandbox, type Sandbox } from "./sandbox";
import { currentCell, flushStreams, send, setLastCell } from "./output";
import { bundleOf } from "./display";
import { cellLineMaps, describeError } from "./traceback";
import { complete, inspectAt } from "./introspect";
import { CellSyntaxError, transformCell } from "../transform/transform";
import { isComplete } from "../transform/is-complete";
import { expandMagics, UnknownMagicError } from "../transform/magics";
import { timeEnd, timeStart } from "./timing";

/*
 * The sandbox process: runs cells in a vm context, one at a time, and reports their output
 * to the kernel over IPC. A SIGINT from the kernel stops synchronous code (breakOnSigint)
 * or abandons the awaited promise of an async cell; the sandbox keeps its variables.
 */

const log = (msg: string): void => {
  process.stderr.write(`[nabla sandbox] ${msg}\n`);
};
const sandbox: Sandbox = createSandbox(process.env.NABLA_CWD ?? process.cwd(), log);
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
  send({ type: "stream", cell: currentCellId(), name: "stderr", text: `${traceback.join("\n")}\n` });
  void ename;
  void evalue;
});
process.on("unhandledRejection", (e) => {
  const { traceback } = describeError(e);
  send({ type: "stream", cell: currentCellId(), name: "stderr", text: `Unhandled promise rejection: ${traceback.join("\n")}\n` });
});

function currentCellId(): number {
  return currentCell.getStore() ?? lastId;
}
let lastId = 0;

async function runCell(msg: Extract<ToChild, { type: "execute" }>): Promise<ExecuteOutcome> {
  sandbox.allowStdin = msg.allowStdin;
  let cell;
  let expanded = { code: msg.code, timeCell: false };
  try {
    expanded = expandMagics(msg.code);
    cell = transformCell(expanded.code, new Set(Object.keys(sandbox.scope)));
  } catch (e) {
    if (e instanceof UnknownMagicError) return { status: "error", ename: "UsageError", evalue: e.message, traceback: [`\x1b[31mUsageError\x1b[0m: ${e.message}`] };
    if (e instanceof CellSyntaxError) {
      const line = msg.code.split("\n")[e.line - 1] ?? "";
      return {
        status: "error",
        ename: "SyntaxError",
        evalue: e.message,
        traceback: [`\x1b[31mSyntaxError\x1b[0m: ${e.message}`, line, `${" ".repeat(Math.max(0, e.column - 1))}^`],
      };
    }
    throw e;
  }
  const filename = `<cell ${msg.id}>`;
  cellLineMaps.set(filename, cell.cellLine);
  try {
    const script = new vm.Script(cell.script, { filename });
    if (expanded.timeCell) timeStart();
    let value: unknown;
    try {
      value = script.runInContext(sandbox.context, { breakOnSigint: true });
      if (cell.isAsync) value = await abandonable(value as Promise<unknown>);
    } finally {
      if (expanded.timeCell) timeEnd();
    }
    flushStreams();
    if (value !== undefined) {
      const { data, metadata } = bundleOf(value);
      send({ type: "result", cell: msg.id, data, metadata });
    }
    return { status: "ok", userExpressions: evaluateUserExpressions(msg.userExpressions) };
  } catch (e) {
    return { status: "error", ...describeError(e), userExpressions: evaluateUserExpressions(msg.userExpressions) };
  }
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
      const cell = transformCell(source, new Set(Object.keys(sandbox.scope)));
      const value = new vm.Script(cell.script, { filename: `<user expression ${name}>` }).runInContext(sandbox.context);
      results[name] = { status: "ok", ...bundleOf(value) };
    } catch (e) {
      results[name] = { status: "error", ...describeError(e) };
    }
  }
  return results;
}

let queue: Promise<void> = Promise.resolve();

process.on("message", (msg: ToChild) => {
  if (msg.type === "execute") {
    queue = queue.then(async () => {
      lastId = msg.id;
      setLastCell(msg.id);
      let outcome: ExecuteOutcome;
      try {
        outcome = await currentCell.run(msg.id, () => runCell(msg));
      } catch (e) {
        outcome = { status: "error", ...describeError(e) };
      }
      flushStreams();
      send({ type: "done", id: msg.id, outcome });
    });
  } else if (msg.type === "complete") {
    send({ type: "answer", id: msg.id, result: complete(msg.code, msg.cursorPos, sandbox.scope, sandbox.context) });
  } else if (msg.type === "inspect") {
    send({ type: "answer", id: msg.id, result: inspectAt(msg.code, msg.cursorPos, sandbox.scope, sandbox.context) });
  } else if (msg.type === "isComplete") {
    send({ type: "answer", id: msg.id, result: isComplete(msg.code) });
  }
});

send({ type: "ready" });
