import * as zmq from "zeromq";
import { type ConnectionInfo, channelAddress } from "./connection";

/**
 * One ZeroMQ socket with a send queue: zeromq.js allows one pending send per socket, and
 * replies, streams and status messages are produced concurrently.
 */
export class Channel {
  private queue: Promise<void> = Promise.resolve();

  constructor(
    readonly name: string,
    readonly socket: zmq.Router | zmq.Publisher | zmq.Reply,
    private readonly log: (msg: string) => void,
  ) {}

  send(frames: Buffer[]): Promise<void> {
    const next = this.queue.then(() => this.socket.send(frames)).catch((e: unknown) => {
      this.log(`${this.name}: send failed: ${e instanceof Error ? e.message : String(e)}`);
    });
    this.queue = next;
    return next;
  }

  close(): void {
    this.socket.close();
  }
}

/** The five channels of a kernel, bound to the connection file's addresses. */
export interface Channels {
  shell: Channel;
  control: Channel;
  stdin: Channel;
  iopub: Channel;
  heartbeat: Channel;
}

export async function bindChannels(info: ConnectionInfo, log: (msg: string) => void): Promise<Channels> {
  const router = (): zmq.Router => new zmq.Router({ linger: 0, sendHighWaterMark: 0, receiveHighWaterMark: 0 });
  const channels: Channels = {
    shell: new Channel("shell", router(), log),
    control: new Channel("control", router(), log),
    stdin: new Channel("stdin", router(), log),
    iopub: new Channel("iopub", new zmq.Publisher({ linger: 0, sendHighWaterMark: 100_000 }), log),
    heartbeat: new Channel("heartbeat", new zmq.Reply({ linger: 0 }), log),
  };
  await Promise.all([
    channels.shell.socket.bind(channelAddress(info, info.shell_port)),
    channels.control.socket.bind(channelAddress(info, info.control_port)),
    channels.stdin.socket.bind(channelAddress(info, info.stdin_port)),
    channels.iopub.socket.bind(channelAddress(info, info.iopub_port)),
    channels.heartbeat.socket.bind(channelAddress(info, info.hb_port)),
  ]);
  return channels;
}

/** Echoes every heartbeat ping until the socket closes. */
export async function serveHeartbeat(hb: Channel): Promise<void> {
  const socket = hb.socket as zmq.Reply;
  try {
    for await (const frames of socket) await socket.send(frames);
  } catch {
    // Socket closed at shutdown.
  }
}
