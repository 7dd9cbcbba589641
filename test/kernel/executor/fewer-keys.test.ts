import { describe, expect, it } from "vitest";
import { inspect } from "node:util";
import { plain } from "../../../kernel/executor/display";
import { MAX_KEYS_SHOWN } from "../../../kernel/executor/fewer-keys";

/*
 * A cell's result with a very large object shows its first MAX_KEYS_SHOWN keys and counts the
 * rest, as Node counts an array's items past 100: a result of 10⁵ keys printed 1.5 MB.
 */
const keyed = (count: number, prefix = "k"): Record<string, number> => Object.fromEntries(Array.from({ length: count }, (_, i) => [`${prefix}${i}`, i]));

describe("a cell's result with a very large object", () => {
  it("shows the first 1000 keys and how many more there are", () => {
    const text = plain(keyed(100_000));
    expect(MAX_KEYS_SHOWN).toBe(1000);
    expect(text).toMatch(/^\{\n {2}k0: 0,\n {2}k1: 1,/);
    expect(text).toMatch(/ {2}k999: 999,\n {2}\.\.\. 99000 more keys\n\}$/);
    expect(text).not.toContain("k1000");
    expect(text.length).toBeLessThan(20_000);
  });

  it("keeps its class, its getters unread and its place inside other values, down to inspect's depth", () => {
    class Sample {
      constructor() {
        for (let i = 0; i < 1001; i++) (this as Record<string, number>)[`f${i}`] = i;
      }
    }
    let reads = 0;
    const inner = keyed(1500);
    Object.defineProperty(inner, "k7", { get: () => ++reads, enumerable: true });
    const text = plain({ a: 1, nested: { sample: new Sample() }, list: [inner, 2] });
    expect(reads).toBe(0);
    expect(text).toContain("sample: Sample {\n      f0: 0,");
    expect(text).toMatch(/f999: 999,\n {6}\.\.\. 1 more key\n {4}\}\n {2}\},/);
    expect(text).toContain("k7: [Getter]");
    expect(text).toMatch(/\.\.\. 500 more keys\n {4}\},\n {4}2\n {2}\]\n\}$/);
  });

  it("marks a cycle as Node does, and leaves smaller objects exactly as inspect shows them", () => {
    const cyclic: Record<string, unknown> = keyed(1200);
    cyclic.k3 = cyclic;
    const text = plain(cyclic);
    expect(text).toMatch(/^<ref \*1> \{/);
    expect(text).toContain("k3: [Circular *1],");
    expect(text).toMatch(/\.\.\. 200 more keys\n\}$/);
    const small: Record<string, unknown> = { a: 1, b: [1, 2], nested: keyed(MAX_KEYS_SHOWN) };
    small.self = small;
    expect(plain(small)).toBe(inspect(small, { depth: 4, maxArrayLength: 100, breakLength: 100 }));
  });
});
