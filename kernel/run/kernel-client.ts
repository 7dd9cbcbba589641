import * as zmq from "zeromq";
import { randomUUID } from "node:crypto";
import { encode, decode, makeHeader, Signer, type Message } from "../wire";
import { channelAddress, type ConnectionInfo } from "../connection";

/**
 * A minimal Jupyter client for `nabla run`: shell and control requests, and every iopub
 * message collected per parent. Signed with the connection file's key, like any front end.
 */
export class KernelClient {
  private readonly session = randomUUID();
  private readonly shell = new zmq.Dealer({ linger: 0, routingId: this.session });
  private readonly control = new zmq.Dealer({ linger: 0 });
  private readonly iopub = new zmq.Subscriber({ linger: 0 });
  private readonly signer: Signer;
  private readonly replies = new Map<string, (m: Message) => void>();
  private readonly listeners = new Map<string, (m: Message) => void>();

  constructor(private readonly info: ConnectionInfo) {
    this.signer = new Signer(info.key, info.signature_scheme);
  }

  connect(): void {
    this.shell.connect(channelAddress(this.info, this.info.shell_port));
    this.control.connect(channelAddress(this.info, this.info.control_port));
    this.iopub.connect(channelAddress(this.info, this.info.iopub_port));
    this.iopub.subscribe();
    void this.pump(this.shell, (m) => this.replies.get(String(m.parent_header.msg_id))?.(m));
    void this.pump(this.control, (m) => this.replies.get(String(m.parent_header.msg_id))?.(m));
    void this.pump(this.iopub, (m) => this.listeners.get(String(m.parent_header.msg_id))?.(m));
  }

  private async pump(socket: zmq.Dealer | zmq.Subscriber, on: (m: Message) => void): Promise<void> {
    try {
      for await (const frames of socket) {
        try {
          on(decode(frames as Buffer[], this.signer));
        } catch {
          // Not a message for us.
        }
      }
    } catch {
      // Closed.
    }
  }

  /**
   * Sends a request; `onIopub` sees every iopub message it causes. Resolves with the reply
   * once the kernel has also published idle for it (so all output has arrived).
   */
  request(msgType: string, content: Record<string, unknown>, onIopub: (m: Message) => void = () => {}, channel: "shell" | "control" = "shell"): { msgId: string; done: Promise<Message> } {
    const header = makeHeader(msgType, this.session);
    let reply: Message | null = null;
    let idle = false;
    const done = new Promise<Message>((resolve) => {
      const finish = (): void => {
        if (reply && idle) {
          this.replies.delete(header.msg_id);
          this.listeners.delete(header.msg_id);
          resolve(reply);
        }
      };
      this.replies.set(header.msg_id, (m) => {
        reply = m;
        finish();
      });
      this.listeners.set(header.msg_id, (m) => {
        if (m.header.msg_type === "status" && m.content.execution_state === "idle") {
          idle = true;
          finish();
        } else onIopub(m);
      });
    });
    const frames = encode({ identities: [], header, parent_header: {}, metadata: {}, content }, this.signer);
    void (channel === "shell" ? this.shell : this.control).send(frames);
    return { msgId: header.msg_id, done };
  }

  close(): void {
    this.shell.close();
    this.control.close();
    this.iopub.close();
  }
}
