import { describe, expect, it } from "vitest";
import { decode, DELIMITER, encode, makeHeader, Signer, WireError } from "../../kernel/wire";

const message = (signer: Signer) =>
  encode({ identities: [Buffer.from("id1")], header: makeHeader("kernel_info_request", "s"), parent_header: {}, metadata: {}, content: { a: 1 } }, signer);

describe("wire protocol", () => {
  it("signs with HMAC-SHA256 over the four JSON frames, as jupyter_client does", () => {
    const signer = new Signer("secret");
    const frames = [Buffer.from("{}"), Buffer.from("{}"), Buffer.from("{}"), Buffer.from('{"x":1}')];
    // Reference value computed independently: printf '{}{}{}{"x":1}' | openssl dgst -sha256 -hmac secret
    const { createHmac } = require("node:crypto") as typeof import("node:crypto");
    const expected = createHmac("sha256", "secret").update('{}{}{}{"x":1}').digest("hex");
    expect(signer.sign(frames)).toBe(expected);
    expect(signer.sign(frames)).toHaveLength(64);
  });

  it("round-trips a message with identities", () => {
    const signer = new Signer("k");
    const msg = decode(message(signer), signer);
    expect(msg.identities.map(String)).toEqual(["id1"]);
    expect(msg.header.msg_type).toBe("kernel_info_request");
    expect(msg.content).toEqual({ a: 1 });
  });

  it("rejects a tampered content frame or signature", () => {
    const signer = new Signer("k");
    const frames = message(signer);
    const i = frames.findIndex((f) => f.toString() === DELIMITER);
    const tampered = frames.slice();
    tampered[i + 5] = Buffer.from('{"a":2}');
    expect(() => decode(tampered, signer)).toThrow(/bad signature/);
    const badSig = frames.slice();
    badSig[i + 1] = Buffer.from("f".repeat(64));
    expect(() => decode(badSig, signer)).toThrow(WireError);
    const shortSig = frames.slice();
    shortSig[i + 1] = Buffer.from("abc");
    expect(() => decode(shortSig, signer)).toThrow(/bad signature/);
  });

  it("with an empty key sends no signature and accepts unsigned messages", () => {
    const signer = new Signer("");
    const frames = message(signer);
    const i = frames.findIndex((f) => f.toString() === DELIMITER);
    expect(frames[i + 1].toString()).toBe("");
    expect(decode(frames, signer).content).toEqual({ a: 1 });
  });

  it.each([
    ["no delimiter", [Buffer.from("x"), Buffer.from("{}")], /delimiter/],
    ["too few frames", [Buffer.from(DELIMITER), Buffer.from(""), Buffer.from("{}")], /too few frames/],
    ["invalid JSON", [Buffer.from(DELIMITER), Buffer.from(""), Buffer.from("{"), Buffer.from("{}"), Buffer.from("{}"), Buffer.from("{}")], /not valid JSON/],
    ["a header that is an array", [Buffer.from(DELIMITER), Buffer.from(""), Buffer.from("[]"), Buffer.from("{}"), Buffer.from("{}"), Buffer.from("{}")], /not a JSON object/],
    ["a header without msg_type", [Buffer.from(DELIMITER), Buffer.from(""), Buffer.from('{"msg_id":"1"}'), Buffer.from("{}"), Buffer.from("{}"), Buffer.from("{}")], /msg_type/],
  ])("rejects %s", (_name, frames, pattern) => {
    expect(() => decode(frames as Buffer[], new Signer(""))).toThrow(pattern);
  });

  it("refuses an unknown signature scheme", () => {
    expect(() => new Signer("k", "rsa-sha256")).toThrow(/signature_scheme/);
  });
});
