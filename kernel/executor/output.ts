import { AsyncLocalStorage } from "node:async_hooks";
import type { FromChild } from "./protocol";

/** Which cell the running code belongs to, also inside its timers and promises. */
export const currentCell = new AsyncLocalStorage<number>();
let lastCell = 0;

export function setLastCell(id: number): void {
  lastCell = id;
}

/** The cell output is attributed to: the one whose code is running, else the latest. */
export function cellNow(): number {
  return currentCell.getStore() ?? lastCell;
}

export function send(msg: FromChild): void {
  process.send?.(msg);
}

const FLUSH_MS = 20;
const MAX_PENDING = 64 * 1024;
let pending: { cell: number; name: "stdout" | "stderr"; text: string } | null = null;
let timer: NodeJS.Timeout | null = null;

/**
 * Console output, coalesced into one IPC message per ~20 ms or 64 KB per cell and stream,
 * so a cell printing a million lines is not a million messages.
 */
export function writeStream(name: "stdout" | "stderr", text: string): void {
  const cell = cellNow();
  if (pending && (pending.cell !== cell || pending.name !== name)) flushStreams();
  if (pending) pending.text += text;
  else pending = { cell, name, text };
  if (pending.text.length >= MAX_PENDING) flushStreams();
  else if (!timer) {
    timer = setTimeout(flushStreams, FLUSH_MS);
    timer.unref();
  }
}

export function flushStreams(): void {
  if (timer) clearTimeout(timer);
  timer = null;
  if (pending) send({ type: "stream", ...pending });
  pending = null;
}
