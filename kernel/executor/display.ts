import { inspect } from "node:util";
import type { MimeBundle } from "./types";

const DISPLAY = Symbol.for("Jupyter.display");

/**
 * The MIME bundle of a value: its own `[Symbol.for("Jupyter.display")]()` bundle when it
 * has one (the convention Deno's kernel uses), plus a text/plain fallback.
 */
export function bundleOf(value: unknown): { data: MimeBundle; metadata: Record<string, unknown> } {
  const method = value !== null && (typeof value === "object" || typeof value === "function") ? (value as Record<symbol, unknown>)[DISPLAY] : undefined;
  if (typeof method === "function") {
    const bundle = (method as () => unknown).call(value) as MimeBundle | null | undefined;
    if (bundle && typeof bundle === "object") {
      return { data: { "text/plain": plain(value), ...bundle }, metadata: {} };
    }
  }
  return { data: { "text/plain": plain(value) }, metadata: {} };
}

/** Readable text for any value, like Node's REPL. */
export function plain(value: unknown): string {
  if (typeof value === "string") return inspect(value);
  if (value !== null && typeof value === "object" && typeof (value as { toString?: unknown }).toString === "function") {
    const own = (value as { toString(): string }).toString;
    if (own !== Object.prototype.toString && own !== Array.prototype.toString && !(value instanceof Error)) {
      const proto = Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null;
      // Classes that define toString (Tensor, Dual, …) read better through it.
      if (proto && Object.prototype.hasOwnProperty.call(proto, "toString")) return own.call(value);
    }
  }
  return inspect(value, { depth: 4, maxArrayLength: 100, breakLength: 100 });
}
