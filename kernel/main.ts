#!/usr/bin/env node
import { readConnectionFile } from "./connection";
import { bindChannels } from "./sockets";
import { KernelServer } from "./server";
import { createExecutor } from "./executor";

/** Starts the kernel on a Jupyter connection file: `node dist/kernel/main.js <connection_file>`. */
export async function startKernel(connectionFile: string): Promise<void> {
  const log = (msg: string): void => {
    process.stderr.write(`[nabla] ${msg}\n`);
  };
  const info = readConnectionFile(connectionFile);
  const executor = createExecutor({ cwd: process.cwd(), log });
  const channels = await bindChannels(info, log);
  const exit = (): void => {
    // Let the shutdown reply leave before the sockets close.
    setTimeout(() => {
      for (const c of Object.values(channels)) c.close();
      process.exit(0);
    }, 50);
  };
  const server = new KernelServer(channels, info.key, info.signature_scheme, executor, log, exit);
  // Ctrl-C in the terminal that started us (or SIGINT from a manager) interrupts the cell;
  // without a handler Node would die of it.
  process.on("SIGINT", () => executor.interrupt());
  // A manager stopping us: take the sandbox down too.
  process.on("SIGTERM", () => {
    void executor.shutdown().finally(() => process.exit(0));
  });
  server.serve();
  await executor.start();
}

if (require.main === module) {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write("usage: node main.js <connection_file>\n");
    process.exit(2);
  }
  startKernel(file).catch((e: unknown) => {
    process.stderr.write(`[nabla] failed to start: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  });
}
