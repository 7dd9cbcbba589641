import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";

/*
 * The Jupyter wire protocol: [identities…, "<IDS|MSG>", signature, header, parent_header,
 * metadata, content, buffers…], signed with HMAC over the four JSON frames.
 */

export const DELIMITER = "<IDS|MSG>";
export const PROTOCOL_VERSION = "5.3";

export interface Header {
  msg_id: string;
  session: string;
  username: string;
  date: string;
  msg_type: string;
  version: string;
  subshell_id?: string | null;
}

export interface Message<C = Record<string, unknown>> {
  identities: Buffer[];
  header: Header;
  parent_header: Partial<Header>;
  metadata: Record<string, unknown>;
  content: C;
  buffers: Buffer[];
}

/** Signs and verifies messages with the connection file's key and scheme. */
export class Signer {
  private readonly algorithm: string;

  constructor(
    private readonly key: string,
    scheme = "hmac-sha256",
  ) {
    const [kind, algorithm] = scheme.split("-");
    if (kind !== "hmac" || !algorithm) throw new Error(`unsupported signature_scheme ${scheme}`);
    this.algorithm = algorithm;
    // Fail early on an algorithm Node does not know.
    if (key) createHmac(this.algorithm, key);
  }

  /** The hex signature of the four JSON frames; "" when the key is empty (unsigned, as the spec says). */
  sign(frames: readonly Buffer[]): string {
    if (!this.key) return "";
    const hmac = createHmac(this.algorithm, this.key);
    for (const f of frames) hmac.update(f);
    return hmac.digest("hex");
  }

  /** Constant-time check of a received signature. */
  verify(signature: string, frames: readonly Buffer[]): boolean {
    if (!this.key) return true;
    const expected = Buffer.from(this.sign(frames), "utf8");
    const given = Buffer.from(signature, "utf8");
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}

/** Why a frame list could not be read as a message. */
export class WireError extends Error {
  override name = "WireError";
}

/** Parses and verifies a received multipart message; throws WireError when it is not one. */
export function decode(frames: readonly Buffer[], signer: Signer): Message {
  const split = frames.findIndex((f) => f.length === DELIMITER.length && f.toString("utf8") === DELIMITER);
  if (split < 0) throw new WireError("no <IDS|MSG> delimiter");
  if (frames.length < split + 6) throw new WireError(`too few frames (${frames.length - split - 1} after the delimiter, need 5)`);
  const signature = frames[split + 1].toString("utf8");
  const body = frames.slice(split + 2, split + 6);
  if (!signer.verify(signature, body)) throw new WireError("bad signature");
  const [header, parent, metadata, content] = body.map((f, i) => parseJsonObject(f, ["header", "parent_header", "metadata", "content"][i]));
  if (typeof header.msg_type !== "string" || typeof header.msg_id !== "string") {
    throw new WireError("header lacks msg_type or msg_id");
  }
  return {
    identities: frames.slice(0, split) as Buffer[],
    header: header as unknown as Header,
    parent_header: parent as Partial<Header>,
    metadata,
    content,
    buffers: frames.slice(split + 6) as Buffer[],
  };
}

function parseJsonObject(frame: Buffer, name: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(frame.toString("utf8"));
  } catch {
    throw new WireError(`${name} is not valid JSON`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new WireError(`${name} is not a JSON object`);
  return value as Record<string, unknown>;
}

/** Frames of a message, signed. */
export function encode(msg: Omit<Message, "buffers"> & { buffers?: Buffer[] }, signer: Signer): Buffer[] {
  const body = [msg.header, msg.parent_header, msg.metadata, msg.content].map((o) => Buffer.from(JSON.stringify(o), "utf8"));
  return [...msg.identities, Buffer.from(DELIMITER), Buffer.from(signer.sign(body)), ...body, ...(msg.buffers ?? [])];
}

/** A new header in the given session. */
export function makeHeader(msgType: string, session: string): Header {
  return {
    msg_id: randomUUID(),
    session,
    username: "nabla",
    date: new Date().toISOString(),
    msg_type: msgType,
    version: PROTOCOL_VERSION,
  };
}
