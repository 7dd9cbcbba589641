import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import type { ConnectionInfo } from "../connection";
import { freePort } from "../free-port";
import { KernelClient } from "./kernel-client";
import { readNotebook, sourceOf, type Notebook } from "./notebook";
import { OutputCollector } from "./outputs";

export interface RunOptions {
  /** Where to write the executed notebook (default: over the input). */
  out?: string;
  /** Seconds a cell may run before it is interrupted (default 600). */
  timeoutS?: number;
  /** Keep going after a failing cell (default: stop, like nbclient). */
  continueOnError?: boolean;
  /** One line per cell and a summary go here. */
  log: (line: string) => void;
  /** A progress bar goes here when it is a terminal. */
  progress?: NodeJS.WriteStream;
}

export interface RunResult {
  readonly ok: boolean;
  readonly ran: number;
  readonly failed: number;
  readonly notebook: Notebook;
}


/** Starts a kernel for the notebook's folder and waits until it answers, iopub included. */
async function startKernel(cwd: string): Promise<{ client: KernelClient; proc: ChildProcess; cleanup: () => void }> {
  const ports = await Promise.all([1, 2, 3, 4, 5].map(() => freePort()));
  const info: ConnectionInfo = {
    transport: "tcp", ip: "127.0.0.1", shell_port: ports[0], control_port: ports[1], stdin_port: ports[2],
    iopub_port: ports[3], hb_port: ports[4], key: randomBytes(16).toString("hex"), signature_scheme: "hmac-sha256",
  };
  const dir = mkdtempSync(join(tmpdir(), "nabla-run-"));
  const file = join(dir, "connection.json");
  writeFileSync(file, JSON.stringify(info));
  const proc = spawn(process.execPath, [join(__dirname, "..", "main.js"), file], { cwd, stdio: ["ignore", "ignore", "pipe"] });
  proc.stderr?.resume();
  const client = new KernelClient(info);
  client.connect();
  // A subscriber misses what was published before it joined: ask until both reply and idle arrive.
  for (let attempt = 0; ; attempt++) {
    const ready = await Promise.race([client.request("kernel_info_request", {}).done.then(() => true), new Promise<false>((r) => setTimeout(() => r(false), 1000))]);
    if (ready) break;
    if (attempt > 30 || proc.exitCode !== null) throw new Error("the kernel did not start");
  }
  const cleanup = (): void => {
    client.close();
    if (proc.exitCode === null) proc.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  };
  return { client, proc, cleanup };
}

function firstLine(code: string): string {
  const line = code.split("\n").find((l) => l.trim()) ?? "";
  return line.length > 50 ? `${line.slice(0, 49)}…` : line;
}

/**
 * Executes a notebook's code cells in order through a real Nabla kernel over ZeroMQ,
 * records their outputs as a front end would, and writes the executed notebook.
 */
export async function runNotebook(path: string, options: RunOptions): Promise<RunResult> {
  const nb = readNotebook(path);
  const codeCells = nb.cells.filter((c) => c.cell_type === "code");
  const timeoutMs = (options.timeoutS ?? 600) * 1000;
  const { client, cleanup } = await startKernel(dirname(resolve(path)));
  let ran = 0;
  let failed = 0;
  try {
    for (const [k, cell] of codeCells.entries()) {
      const code = sourceOf(cell);
      const collector = new OutputCollector();
      const started = Date.now();
      const { done } = client.request("execute_request", { code, silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: false }, (m) => collector.add(m));
      const timedOut = new Promise<"timeout">((r) => setTimeout(() => r("timeout"), timeoutMs).unref());
      let reply = await Promise.race([done, timedOut]);
      const timedOutFirst = reply === "timeout";
      if (reply === "timeout") {
        await client.request("interrupt_request", {}, () => {}, "control").done;
        reply = await Promise.race([done, new Promise<"timeout">((r) => setTimeout(() => r("timeout"), 10_000).unref())]);
        collector.add({ header: { msg_type: "error" }, content: { ename: "Timeout", evalue: `the cell ran longer than ${options.timeoutS ?? 600} s and was interrupted`, traceback: [] } } as never);
      }
      ran++;
      const seconds = ((Date.now() - started) / 1000).toFixed(2);
      const status = reply === "timeout" ? "timeout" : (reply.content.status as string);
      cell.outputs = collector.clean();
      cell.execution_count = reply === "timeout" ? null : ((reply.content.execution_count as number) ?? null);
      // A timed-out cell is reported as such (its KeyboardInterrupt is only the means).
      const error = (timedOutFirst ? cell.outputs.find((o) => o.ename === "Timeout") : undefined) ?? cell.outputs.find((o) => o.output_type === "error");
      const ok = status === "ok" && !error;
      if (!ok) failed++;
      options.log(`[${k + 1}/${codeCells.length}] ${ok ? "✓" : "✗"} ${seconds} s  ${firstLine(code)}${ok ? "" : `\n      ${error?.ename ?? status}: ${error?.evalue ?? ""}`}`);
      if (options.progress?.isTTY) {
        const width = 30;
        const filled = Math.round(((k + 1) / codeCells.length) * width);
        options.progress.write(`\r[${"#".repeat(filled)}${" ".repeat(width - filled)}] ${k + 1}/${codeCells.length}`);
        if (k + 1 === codeCells.length) options.progress.write("\n");
      }
      if (!ok && !options.continueOnError) break;
    }
    await Promise.race([client.request("shutdown_request", { restart: false }, () => {}, "control").done, new Promise((r) => setTimeout(r, 2000))]);
  } finally {
    cleanup();
  }
  nb.metadata.language_info = { name: "typescript", file_extension: ".ts", mimetype: "text/typescript" };
  writeFileSync(options.out ?? path, `${JSON.stringify(nb, null, 1)}\n`);
  const skipped = codeCells.length - ran;
  options.log(`${ran - failed} passed, ${failed} failed${skipped ? `, ${skipped} not run` : ""} (${codeCells.length} code cells)`);
  return { ok: failed === 0 && skipped === 0, ran, failed, notebook: nb };
}
