import type { Channel, Channels } from "./sockets";
import type { Executor } from "./executor/types";
import type { History } from "./history";
import { encode, makeHeader, type Message, type Signer } from "./wire";

/** What every handler may use: the kernel's state and ways to answer. */
export interface Kernel {
  readonly channels: Channels;
  readonly signer: Signer;
  readonly session: string;
  readonly executor: Executor;
  readonly history: History;
  executionCount: number;
  /** The pending prompt(): its input_request's msg_id, and how to resolve it with the input_reply's value. */
  awaitInput: { readonly requestId: string; resolve(value: string): void } | null;
  log(msg: string): void;
  /** Ends the process after the shutdown reply has gone out. */
  exit(): void;
}

/** One request being answered: replies and iopub messages carry it as their parent. */
export class Request {
  constructor(
    readonly kernel: Kernel,
    readonly msg: Message,
    readonly channel: Channel,
  ) {}

  get content(): Record<string, unknown> {
    return this.msg.content;
  }

  reply(msgType: string, content: Record<string, unknown>, metadata: Record<string, unknown> = {}): Promise<void> {
    return this.send(this.channel, this.msg.identities, msgType, content, metadata);
  }

  publish(msgType: string, content: Record<string, unknown>, metadata: Record<string, unknown> = {}): Promise<void> {
    return this.send(this.kernel.channels.iopub, [Buffer.from(msgType)], msgType, content, metadata);
  }

  status(state: "busy" | "idle"): Promise<void> {
    return this.publish("status", { execution_state: state });
  }

  /** Sends on stdin to the front end that sent this request; returns the message's msg_id. */
  stdin(msgType: string, content: Record<string, unknown>): string {
    const header = makeHeader(msgType, this.kernel.session);
    void this.send(this.kernel.channels.stdin, this.msg.identities, msgType, content, {}, header);
    return header.msg_id;
  }

  private send(
    channel: Channel,
    identities: Buffer[],
    msgType: string,
    content: Record<string, unknown>,
    metadata: Record<string, unknown>,
    header = makeHeader(msgType, this.kernel.session),
  ): Promise<void> {
    const frames = encode({ identities, header, parent_header: this.msg.header, metadata, content }, this.kernel.signer);
    return channel.send(frames);
  }
}
