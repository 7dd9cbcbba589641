import { randomUUID } from "node:crypto";
import type * as zmq from "zeromq";
import { type Kernel, Request } from "./context";
import type { Channel, Channels } from "./sockets";
import { serveHeartbeat } from "./sockets";
import type { Executor } from "./executor/types";
import { History } from "./history";
import { decode, Signer, WireError, type Message } from "./wire";
import { kernelInfo } from "./handlers/kernel-info";
import { complete, inspect, isComplete } from "./handlers/introspection";
import { history } from "./handlers/history";
import { commIgnore, commInfo, commOpen } from "./handlers/comm";
import { interrupt, shutdown } from "./handlers/control";
import { abortExecute, execute } from "./handlers/execute";

type Handler = (req: Request) => Promise<void>;

/** Requests answered at once (execute_request goes through the execution queue). */
const HANDLERS: Record<string, Handler> = {
  kernel_info_request: kernelInfo,
  complete_request: complete,
  inspect_request: inspect,
  is_complete_request: isComplete,
  history_request: history,
  comm_info_request: commInfo,
  comm_open: commOpen,
  comm_msg: commIgnore,
  comm_close: commIgnore,
  interrupt_request: interrupt,
  shutdown_request: shutdown,
};

/**
 * Dispatches messages from the shell and control channels, with busy/idle around each
 * request. Cells run one at a time in arrival order; after a failed cell, every execute
 * already queued is answered "aborted" (stop_on_error), as ipykernel does.
 */
export class KernelServer implements Kernel {
  readonly session = randomUUID();
  readonly signer: Signer;
  readonly history = new History();
  executionCount = 0;
  awaitInput: Kernel["awaitInput"] = null;
  private executeQueue: Promise<void> = Promise.resolve();
  private received = 0;
  private abortThrough = 0;
  /** The execute_request whose cell is running, if any. */
  private running: Request | null = null;

  constructor(
    readonly channels: Channels,
    key: string,
    scheme: string,
    readonly executor: Executor,
    readonly log: (msg: string) => void,
    readonly exit: () => void,
  ) {
    this.signer = new Signer(key, scheme);
  }

  serve(): void {
    void this.listen(this.channels.shell);
    void this.listen(this.channels.control);
    void this.listenStdin();
    void serveHeartbeat(this.channels.heartbeat);
  }

  private async listen(channel: Channel): Promise<void> {
    try {
      for await (const frames of channel.socket as zmq.Router) {
        const msg = this.read(frames as Buffer[], channel.name);
        if (msg) this.dispatch(new Request(this, msg, channel));
      }
    } catch (e) {
      this.log(`${channel.name} closed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private async listenStdin(): Promise<void> {
    try {
      for await (const frames of this.channels.stdin.socket as zmq.Router) {
        const msg = this.read(frames as Buffer[], "stdin");
        // The reply to the pending prompt(): a front end that names the input_request it answers
        // (JupyterLab does) is matched by that id, so the late answer to an interrupted prompt
        // never becomes the next one's; jupyter_client's input() names none and is taken as is.
        const answers = msg?.parent_header?.msg_id;
        if (msg?.header.msg_type === "input_reply" && this.awaitInput && (!answers || answers === this.awaitInput.requestId)) {
          const { resolve } = this.awaitInput;
          this.awaitInput = null;
          resolve(String(msg.content.value ?? ""));
        }
      }
    } catch {
      // Closed at shutdown.
    }
  }

  /** A verified message, or null (logged) for anything malformed or wrongly signed. */
  private read(frames: Buffer[], channel: string): Message | null {
    try {
      return decode(frames, this.signer);
    } catch (e) {
      if (e instanceof WireError) {
        this.log(`dropped a message on ${channel}: ${e.message}`);
        return null;
      }
      throw e;
    }
  }

  private dispatch(req: Request): void {
    const type = req.msg.header.msg_type;
    if (type === "execute_request") {
      const seq = ++this.received;
      this.executeQueue = this.executeQueue.then(() => this.runExecute(req, seq));
      return;
    }
    const handler = HANDLERS[type];
    if (!handler) {
      this.log(`unknown message type ${JSON.stringify(type)} on ${req.channel.name}; ignored`);
      return;
    }
    void this.withStatus(req, () => handler(req));
  }

  private async runExecute(req: Request, seq: number): Promise<void> {
    this.running = req;
    try {
      await this.withStatus(req, async () => {
        if (seq <= this.abortThrough) {
          await abortExecute(req);
          return;
        }
        const { failed } = await execute(req);
        // As ipykernel: only a failed cell the user sees stops the queue; a silent one (a
        // front end's own probe, a variable inspector) must not abort the user's cells.
        if (failed && !req.content.silent && req.content.stop_on_error !== false) this.abortThrough = this.received;
      });
    } finally {
      this.running = null;
    }
  }

  private async withStatus(req: Request, work: () => Promise<void>): Promise<void> {
    await req.status("busy");
    try {
      await work();
    } catch (e) {
      this.log(`error handling ${req.msg.header.msg_type}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    } finally {
      await req.status("idle");
      // A request answered while a cell runs (completion, inspection, kernel_info, interrupt)
      // gets its busy/idle pair, but front ends take the kernel's state from the last status
      // message of any parent (JupyterLab's indicator, jupyter_server's activity and culling):
      // say busy again, for the running cell, so the kernel does not look idle while it computes.
      const running = this.running;
      if (running && running !== req) await running.status("busy");
    }
  }
}
