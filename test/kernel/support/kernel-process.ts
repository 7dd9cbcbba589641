import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, writeFileSync, readFileSync } from "node:fs";
import type { ConnectionInfo } from "../../../kernel/connection";
import { freePort } from "../../../kernel/free-port";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { randomBytes } from "node:crypto";
import { TestClient } from "./client";

export const ROOT = resolve(__dirname, "..", "..", "..");

/** Installs the kernelspec into a fresh prefix with the project's own CLI; returns its data dir. */
export function installKernelspec(): { prefix: string; jupyterPath: string; spec: { argv: string[] } } {
  const prefix = mkdtempSync(join(tmpdir(), "nabla-prefix-"));
  const { execFileSync } = require("node:child_process") as typeof import("node:child_process");
  execFileSync(process.execPath, [join(ROOT, "dist", "kernel", "cli.js"), "install", "--prefix", prefix]);
  const jupyterPath = join(prefix, "share", "jupyter");
  const spec = JSON.parse(readFileSync(join(jupyterPath, "kernels", "nabla", "kernel.json"), "utf8")) as { argv: string[] };
  return { prefix, jupyterPath, spec };
}


/** A connection file's contents, as the kernel reads them. */
export type Connection = ConnectionInfo;

/** A connection file with fresh ports (or ipc paths) and a random key. */
export async function makeConnection(transport: "tcp" | "ipc" = "tcp"): Promise<{ file: string; info: Connection }> {
  const dir = mkdtempSync(join(tmpdir(), "nabla-conn-"));
  const ports = transport === "tcp" ? await Promise.all([1, 2, 3, 4, 5].map(() => freePort())) : [1, 2, 3, 4, 5];
  const info: Connection = {
    transport,
    ip: transport === "tcp" ? "127.0.0.1" : join(dir, "kernel"),
    shell_port: ports[0],
    control_port: ports[1],
    stdin_port: ports[2],
    iopub_port: ports[3],
    hb_port: ports[4],
    key: randomBytes(16).toString("hex"),
    signature_scheme: "hmac-sha256",
  };
  const file = join(dir, "connection.json");
  writeFileSync(file, JSON.stringify(info));
  return { file, info };
}

/** Starts the kernel exactly as the installed kernelspec's argv says. */
export function spawnFromSpec(argv: string[], connectionFile: string, cwd = ROOT): ChildProcess {
  const args = argv.map((a) => (a === "{connection_file}" ? connectionFile : a));
  const child = spawn(args[0], args.slice(1), { cwd, stdio: ["ignore", "pipe", "pipe"] });
  child.stderr?.on("data", (d: Buffer) => {
    if (process.env.NABLA_TEST_VERBOSE) process.stderr.write(d);
  });
  return child;
}

/** A kernel started from the installed kernelspec over TCP, with a client connected and ready. */
export async function startKernel(): Promise<{ kernel: ChildProcess; client: TestClient }> {
  const { spec } = installKernelspec();
  const { file, info } = await makeConnection("tcp");
  const kernel = spawnFromSpec(spec.argv, file);
  const client = new TestClient(info);
  await client.connect();
  await client.waitReady();
  return { kernel, client };
}
