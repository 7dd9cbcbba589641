import type { Request } from "../context";

const FLUSH_MS = 50;
const MAX_CHUNK = 1 << 20;

/**
 * Coalesces a cell's stdout/stderr into one iopub `stream` message per ~50 ms, so a cell
 * printing a million lines does not send a million messages. Flushed before any other
 * output of the cell, so order is kept.
 */
export class StreamBatcher {
  private pending: { name: "stdout" | "stderr"; text: string } | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly req: Request) {}

  write(name: "stdout" | "stderr", text: string): void {
    if (this.pending && this.pending.name !== name) this.flush();
    if (this.pending) this.pending.text += text;
    else this.pending = { name, text };
    if (this.pending.text.length >= MAX_CHUNK) this.flush();
    else if (!this.timer) this.timer = setTimeout(() => this.flush(), FLUSH_MS);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const p = this.pending;
    this.pending = null;
    if (p && p.text) void this.req.publish("stream", { name: p.name, text: p.text });
  }
}
