import { readFileSync } from "node:fs";

/** A Jupyter connection file: where the five channels listen and how messages are signed. */
export interface ConnectionInfo {
  transport: "tcp" | "ipc";
  ip: string;
  shell_port: number;
  control_port: number;
  stdin_port: number;
  iopub_port: number;
  hb_port: number;
  key: string;
  signature_scheme: string;
  kernel_name?: string;
}

export function readConnectionFile(path: string): ConnectionInfo {
  const info = JSON.parse(readFileSync(path, "utf8")) as Partial<ConnectionInfo>;
  for (const field of ["shell_port", "control_port", "stdin_port", "iopub_port", "hb_port"] as const) {
    if (info[field] === undefined) throw new Error(`connection file ${path} has no ${field}`);
  }
  return {
    transport: info.transport ?? "tcp",
    ip: info.ip ?? "127.0.0.1",
    key: info.key ?? "",
    signature_scheme: info.signature_scheme ?? "hmac-sha256",
    ...info,
  } as ConnectionInfo;
}

/** The ZeroMQ address of one channel: tcp://ip:port, or ipc://ip-port as jupyter_client names it. */
export function channelAddress(info: ConnectionInfo, port: number): string {
  return info.transport === "ipc" ? `ipc://${info.ip}-${port}` : `tcp://${info.ip}:${port}`;
}
