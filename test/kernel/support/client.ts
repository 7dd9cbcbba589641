import * as zmq from "zeromq";
import { expect } from "vitest";
import { createHmac, randomUUID } from "node:crypto";
import type { Connection } from "./kernel-process";

export interface Msg {
  header: { msg_id: string; msg_type: string; session: string };
  parent_header: { msg_id?: string; msg_type?: string };
  metadata: Record<string, unknown>;
  content: Record<string, any>;
}

/**
 * A small Jupyter client for tests: signed messages over real ZeroMQ sockets, like
 * jupyter_client's. Collects every iopub message so tests can check parents and order.
 */
export class TestClient {
  readonly session = randomUUID();
  // Like jupyter_client, shell and stdin share one routing id, so the kernel can send its
  // input_request to the front end that ran the cell.
  readonly shell = new zmq.Dealer({ linger: 0, routingId: this.session });
  readonly control = new zmq.Dealer({ linger: 0 });
  readonly stdin = new zmq.Dealer({ linger: 0, routingId: this.session });
  readonly iopub = new zmq.Subscriber({ linger: 0 });
  readonly iopubMessages: Msg[] = [];
  private readonly replies = new Map<string, (m: Msg) => void>();
  private readonly iopubWaiters: (() => void)[] = [];
  stdinHandler: ((m: Msg) => void) | null = null;

  constructor(readonly info: Connection) {}

  address(port: number): string {
    return this.info.transport === "ipc" ? `ipc://${this.info.ip}-${port}` : `tcp://${this.info.ip}:${port}`;
  }

  async connect(): Promise<void> {
    this.shell.connect(this.address(this.info.shell_port));
    this.control.connect(this.address(this.info.control_port));
    this.stdin.connect(this.address(this.info.stdin_port));
    this.iopub.connect(this.address(this.info.iopub_port));
    this.iopub.subscribe();
    void this.pump(this.shell);
    void this.pump(this.control);
    void this.pumpStdin();
    void this.pumpIopub();
  }

  sign(frames: Buffer[]): string {
    const h = createHmac("sha256", this.info.key);
    for (const f of frames) h.update(f);
    return h.digest("hex");
  }

  frames(msgType: string, content: Record<string, unknown>, opts: { signature?: string; msgId?: string; parent?: Record<string, unknown> } = {}): Buffer[] {
    const header = { msg_id: opts.msgId ?? randomUUID(), session: this.session, username: "test", date: new Date().toISOString(), msg_type: msgType, version: "5.3" };
    const body = [header, opts.parent ?? {}, {}, content].map((o) => Buffer.from(JSON.stringify(o)));
    return [Buffer.from("<IDS|MSG>"), Buffer.from(opts.signature ?? this.sign(body)), ...body];
  }

  /** Sends a request and resolves with its reply. */
  request(msgType: string, content: Record<string, unknown> = {}, channel: "shell" | "control" = "shell", timeoutMs = 20_000): Promise<Msg> {
    const msgId = randomUUID();
    const reply = new Promise<Msg>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no reply to ${msgType} within ${timeoutMs} ms`)), timeoutMs);
      this.replies.set(msgId, (m) => {
        clearTimeout(timer);
        resolve(m);
      });
    });
    void this[channel].send(this.frames(msgType, content, { msgId }));
    return reply;
  }

  /** Sends raw frames (malformed-message tests). */
  sendRaw(frames: (Buffer | string)[], channel: "shell" | "control" = "shell"): Promise<void> {
    return this[channel].send(frames);
  }

  /** Runs code and returns the reply and the iopub messages of that request (up to idle). */
  async execute(code: string, extra: Record<string, unknown> = {}, timeoutMs = 30_000): Promise<{ reply: Msg; iopub: Msg[] }> {
    const reply = await this.request("execute_request", { code, silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true, ...extra }, "shell", timeoutMs);
    const iopub = await this.iopubFor(reply.parent_header.msg_id as string, timeoutMs);
    return { reply, iopub };
  }

  /** A cell's execute_result as text (undefined when it shows nothing); a reply other than "ok" fails the test. */
  async resultOf(code: string): Promise<string | undefined> {
    const { reply, iopub } = await this.execute(code);
    expect(reply.content.status, JSON.stringify(reply.content)).toBe("ok");
    return iopub.find((m) => m.header.msg_type === "execute_result")?.content.data["text/plain"] as string | undefined;
  }

  /** iopub messages whose parent is msgId, once its idle status has arrived. */
  async iopubFor(msgId: string, timeoutMs = 20_000): Promise<Msg[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const mine = this.iopubMessages.filter((m) => m.parent_header.msg_id === msgId);
      if (mine.some((m) => m.header.msg_type === "status" && m.content.execution_state === "idle")) return mine;
      if (Date.now() > deadline) throw new Error(`no idle status for ${msgId}`);
      await new Promise<void>((r) => {
        this.iopubWaiters.push(r);
        setTimeout(r, 100);
      });
    }
  }

  private parse(frames: Buffer[]): Msg | null {
    const i = frames.findIndex((f) => f.toString() === "<IDS|MSG>");
    if (i < 0) return null;
    const body = frames.slice(i + 2, i + 6);
    if (frames[i + 1].toString() !== this.sign(body)) throw new Error("kernel sent a badly signed message");
    const [header, parent_header, metadata, content] = body.map((b) => JSON.parse(b.toString()));
    return { header, parent_header, metadata, content };
  }

  private async pump(socket: zmq.Dealer): Promise<void> {
    try {
      for await (const frames of socket) {
        const m = this.parse(frames as Buffer[]);
        if (m?.parent_header.msg_id) this.replies.get(m.parent_header.msg_id)?.(m);
      }
    } catch {
      /* closed */
    }
  }

  private async pumpStdin(): Promise<void> {
    try {
      for await (const frames of this.stdin) {
        const m = this.parse(frames as Buffer[]);
        if (m) this.stdinHandler?.(m);
      }
    } catch {
      /* closed */
    }
  }

  private async pumpIopub(): Promise<void> {
    try {
      for await (const frames of this.iopub) {
        const m = this.parse(frames as Buffer[]);
        if (m) {
          this.iopubMessages.push(m);
          for (const w of this.iopubWaiters.splice(0)) w();
        }
      }
    } catch {
      /* closed */
    }
  }

  /** Answers an input_request on stdin. */
  /** Answers a prompt; naming the input_request answered (as JupyterLab does) is optional, as in jupyter_client. */
  inputReply(value: string, answering?: Msg): Promise<void> {
    return this.stdin.send(this.frames("input_reply", { value }, { parent: answering?.header }));
  }

  /** Waits until the kernel's iopub delivers (a PUB socket drops messages sent before we subscribed). */
  async waitReady(timeoutMs = 20_000): Promise<Msg> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        const reply = await this.request("kernel_info_request", {}, "shell", 2_000);
        const iopub = await this.iopubFor(reply.parent_header.msg_id as string, 1_000).catch(() => null);
        if (iopub) return reply;
      } catch {
        /* not up yet */
      }
      if (Date.now() > deadline) throw new Error("kernel did not become ready");
    }
  }

  close(): void {
    for (const s of [this.shell, this.control, this.stdin, this.iopub]) s.close();
  }
}
