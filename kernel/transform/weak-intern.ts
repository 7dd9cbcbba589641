import { createHash } from "node:crypto";

/*
 * One object per content, held weakly. The executor keeps every run's position map for the
 * session's tracebacks (a function an earlier run defined may still throw); a cell run again
 * and again is transformed the same way each time, so its runs can share one map instead of
 * each keeping its own (17 KB a run of a 100-line cell of fused expressions).
 */

/** The content key of some texts: a digest of them, not the texts, which may be long. */
export function contentKey(parts: readonly (string | ArrayBufferView)[]): string {
  const hash = createHash("sha256");
  for (const part of parts) {
    const bytes = typeof part === "string" ? Buffer.from(part, "utf8") : Buffer.from(part.buffer, part.byteOffset, part.byteLength);
    // Each part's length first, so that ("ab", "c") and ("a", "bc") differ.
    hash.update(`${bytes.length}:`).update(bytes);
  }
  return hash.digest("base64");
}

/**
 * `make()`'s result, or the one an earlier call with the same key made if something still
 * holds it. The table forgets a key once its object is collected.
 */
export function weakInterner<T extends object>(): (key: string, make: () => T) => T {
  const held = new Map<string, WeakRef<T>>();
  const forget = new FinalizationRegistry<string>((key) => {
    // A later object may have taken the key since this one was dropped.
    if (held.get(key)?.deref() === undefined) held.delete(key);
  });
  return (key, make) => {
    const earlier = held.get(key)?.deref();
    if (earlier !== undefined) return earlier;
    const made = make();
    held.set(key, new WeakRef(made));
    forget.register(made, key);
    return made;
  };
}
