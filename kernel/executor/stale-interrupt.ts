import * as vm from "node:vm";

/** How long each drain run waits for Node's SIGINT watchdog thread to deliver a leftover signal. */
const DRAIN_WAIT_MS = 30;
/** Drain runs at most: each one takes every signal left over at once, so the second normally finds none. */
const MAX_DRAIN_RUNS = 4;

/**
 * Takes a SIGINT that a finished cell left behind inside Node's `breakOnSigint` machinery, so
 * it does not stop the next cell. Call it before a cell when the previous one was sent more than
 * one SIGINT (the kernel re-sends an interrupt every 250 ms until the cell stops).
 *
 * Why it is needed: Node's SIGINT watchdog (src/node_watchdog.cc) counts signals on a semaphore
 * that a helper thread reads. When a re-sent SIGINT is what ends the cell — a prompt() whose
 * first SIGINT went to another thread of the sandbox and left the main thread blocked in its
 * read — the helper stops before reading that signal's count, and the next `runInContext` with
 * `breakOnSigint` starts a helper that reads it at once: the next cell, `q` after an
 * interrupted `let q = 7; prompt()`, failed with KeyboardInterrupt (3 times in 25).
 * A short run here receives that signal instead; it is retried until a run ends undisturbed.
 *
 * ```ts
 * drainStaleInterrupts(sandbox.context) // before running the cell
 * ```
 */
export function drainStaleInterrupts(context: vm.Context): void {
  const wait = new vm.Script(`Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ${DRAIN_WAIT_MS})`, { filename: "<interrupt drain>" });
  for (let run = 0; run < MAX_DRAIN_RUNS; run++) {
    try {
      wait.runInContext(context, { breakOnSigint: true });
      return;
    } catch (e) {
      if ((e as { code?: string }).code !== "ERR_SCRIPT_EXECUTION_INTERRUPTED") throw e;
    }
  }
}
