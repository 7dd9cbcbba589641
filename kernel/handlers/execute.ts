import type { Request } from "../context";
import type { ExecuteHooks, ExecuteOutcome } from "../executor/types";
import { StreamBatcher } from "./stream-batcher";

/**
 * execute_request: execute_input, the cell's output on iopub (also late output from its
 * timers, through hooks the executor keeps), then execute_reply. Returns whether the cell
 * failed, so the server can abort the queued cells (stop_on_error).
 */
export async function execute(req: Request): Promise<{ failed: boolean }> {
  const c = req.content;
  const code = String(c.code ?? "");
  const silent = Boolean(c.silent);
  const storeHistory = c.store_history === undefined ? !silent : Boolean(c.store_history) && !silent;
  const kernel = req.kernel;
  if (storeHistory) {
    kernel.executionCount++;
    kernel.history.add(code);
  }
  const count = kernel.executionCount;
  if (!silent) await req.publish("execute_input", { code, execution_count: count });

  const streams = new StreamBatcher(req);
  const hooks: ExecuteHooks = {
    stream: (name, text) => {
      if (!silent) streams.write(name, text);
    },
    // silent: "will not broadcast output on the IOPUB channel" (messaging spec).
    displayData: (data, metadata, transient, update) => {
      streams.flush();
      if (!silent) void req.publish(update ? "update_display_data" : "display_data", { data, metadata, transient });
    },
    clearOutput: (wait) => {
      streams.flush();
      if (!silent) void req.publish("clear_output", { wait });
    },
    executeResult: (data, metadata) => {
      streams.flush();
      if (!silent) void req.publish("execute_result", { execution_count: count, data, metadata });
    },
    inputRequest: async (prompt, password) => {
      streams.flush();
      return requestInput(req, prompt, password);
    },
  };

  let outcome: ExecuteOutcome;
  try {
    outcome = await kernel.executor.execute(
      {
        code,
        executionCount: count,
        silent,
        allowStdin: Boolean(c.allow_stdin),
        userExpressions: (c.user_expressions as Record<string, string>) ?? {},
      },
      hooks,
    );
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    outcome = { status: "error", ename: "InternalError", evalue: err.message, traceback: [String(err.stack ?? err.message)] };
  }
  streams.flush();
  // A prompt() the cell no longer waits for (interrupted): its late input_reply must not become
  // the answer to the next cell's prompt().
  kernel.awaitInput = null;
  if (outcome.status === "error") {
    if (!silent) await req.publish("error", { ename: outcome.ename, evalue: outcome.evalue, traceback: outcome.traceback });
    await req.reply("execute_reply", {
      status: "error",
      execution_count: count,
      ename: outcome.ename,
      evalue: outcome.evalue,
      traceback: outcome.traceback,
      user_expressions: outcome.userExpressions ?? {},
    }, { status: "error" });
    return { failed: true };
  }
  await req.reply("execute_reply", {
    status: "ok",
    execution_count: count,
    payload: [],
    user_expressions: outcome.userExpressions,
  }, { status: "ok" });
  return { failed: false };
}

/**
 * An execute_request that is not run because an earlier cell failed. No execution_count, as
 * ipykernel sends none: Notebook and JupyterLab show the count a reply gives as the cell's
 * `In [n]`, and a cell that never ran showed the failed cell's number.
 */
export async function abortExecute(req: Request): Promise<void> {
  await req.reply("execute_reply", { status: "aborted" }, { status: "aborted" });
}

/** Sends input_request on stdin and waits for the matching input_reply. */
function requestInput(req: Request, prompt: string, password: boolean): Promise<string> {
  return new Promise((resolve) => {
    req.kernel.awaitInput = { requestId: req.stdin("input_request", { prompt, password }), resolve };
  });
}
