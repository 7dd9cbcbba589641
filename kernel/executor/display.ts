import { inspect } from "node:util";
import type { MimeBundle } from "./types";
import { recordsTable } from "./records-table";
import { tensorFieldsHtml } from "./tensor-fields";
import { errorText } from "./traceback";
import { withFewerKeys } from "./fewer-keys";

const DISPLAY = Symbol.for("Jupyter.display");

/**
 * The MIME bundle of a value: its own `[Symbol.for("Jupyter.display")]()` bundle when it
 * has one (the convention Deno's kernel uses), plus a text/plain fallback; an HTML table for
 * an array of records, and for a container of tensors (grad's `{ W, b }`, a list of tensors).
 */
export function bundleOf(value: unknown): { data: MimeBundle; metadata: Record<string, unknown> } {
  const method = value !== null && (typeof value === "object" || typeof value === "function") ? (value as Record<symbol, unknown>)[DISPLAY] : undefined;
  if (typeof method === "function") {
    const bundle = (method as () => unknown).call(value) as MimeBundle | null | undefined;
    if (bundle && typeof bundle === "object") {
      return { data: { "text/plain": plain(value), ...bundle }, metadata: {} };
    }
  }
  if (isMimeBundle(value)) return { data: { "text/plain": `<${Object.keys(value).join(", ")}>`, ...value }, metadata: {} };
  const table = recordsTable(value);
  if (table !== null) return { data: { "text/plain": plain(value), "text/html": table }, metadata: {} };
  const fields = fieldsOf(value);
  if (fields !== null) return { data: { "text/plain": plain(value), "text/html": fields }, metadata: {} };
  return { data: { "text/plain": plain(value) }, metadata: {} };
}

/** The table of a container of tensors; null when there is none, or reading it throws (a Proxy, a getter). */
function fieldsOf(value: unknown): string | null {
  try {
    return tensorFieldsHtml(value);
  } catch {
    return null;
  }
}

const MIME_TYPE = /^[a-z]+\/[-+.\w]+$/;

/**
 * A plain object whose keys are all MIME types — `display({ "image/svg+xml": svg })` — is
 * shown as that bundle, as IPython's `display(bundle, raw=True)` would.
 */
function isMimeBundle(value: unknown): value is MimeBundle {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((k) => MIME_TYPE.test(k) && (typeof (value as Record<string, unknown>)[k] === "string" || k.endsWith("json")));
}

const RUNTIME_CLASSES = new Set(["Tensor", "Dual", "Var", "Heatmap", "Plot", "Derivation", "ComputationGraph", "ContourPlot", "Progress", "CheckResult", "Formulas"]);

/** Readable text for any value, like Node's REPL. */
export function plain(value: unknown): string {
  if (typeof value === "string") return inspect(value);
  // Checked by shape: errors made in the cell come from the sandbox's realm.
  if (value !== null && typeof value === "object" && typeof (value as Error).stack === "string" && typeof (value as Error).message === "string" && Object.prototype.toString.call(value) === "[object Error]") {
    return errorText(value as Error);
  }
  // Classes of the runtime that define toString (Tensor, Dual, Var) read better through it.
  // Checked by name: a cell's arrays and objects come from the sandbox's realm, so identity
  // checks against this realm's built-ins would not match.
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    const proto = Object.getPrototypeOf(value) as { constructor?: { name?: string }; toString?: unknown } | null;
    const name = proto?.constructor?.name;
    if (proto && name && RUNTIME_CLASSES.has(name) && typeof proto.toString === "function") {
      return (proto.toString as () => string).call(value);
    }
  }
  return inspect(withFewerKeys(value, 4), { depth: 4, maxArrayLength: 100, breakLength: 100 });
}
