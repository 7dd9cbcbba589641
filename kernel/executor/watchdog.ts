import { Worker } from "node:worker_threads";

/**
 * Ends the sandbox when the kernel that started it is gone (killed with SIGKILL, say),
 * even while a cell is stuck in an infinite loop: a worker thread keeps running when the
 * main thread is busy, and it can signal its own process.
 */
export function exitWithParent(parentPid: number): void {
  const source = `
    const { workerData } = require("node:worker_threads");
    setInterval(() => {
      try { process.kill(workerData.parentPid, 0); }
      catch { process.kill(process.pid, "SIGKILL"); }
    }, 1000);
  `;
  const worker = new Worker(source, { eval: true, workerData: { parentPid } });
  worker.unref();
}
