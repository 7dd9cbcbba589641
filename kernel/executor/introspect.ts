import { inspect } from "node:util";
import type { CompleteResult, InspectResult, MimeBundle } from "./types";

const KEYWORDS = [
  "await", "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do", "else",
  "enum", "export", "extends", "false", "finally", "for", "function", "if", "import", "in", "instanceof", "interface",
  "let", "new", "null", "return", "super", "switch", "this", "throw", "true", "try", "type", "typeof", "undefined",
  "var", "void", "while", "yield",
];

/** Code points before a UTF-16 offset (Jupyter counts cursor positions in code points). */
export function codePointsBefore(code: string, utf16: number): number {
  return Array.from(code.slice(0, utf16)).length;
}

/** The UTF-16 offset of a code-point position. */
export function utf16Offset(code: string, codePoints: number): number {
  return Array.from(code).slice(0, codePoints).join("").length;
}

/**
 * First-version completion from live names (the session scope, the sandbox's globals,
 * keywords) and, after `name.`, the members of that object — read without calling
 * anything, never by evaluating the user's code.
 */
export function complete(code: string, cursorCodePoints: number, scope: object, globals: object): CompleteResult {
  const cursor = utf16Offset(code, cursorCodePoints);
  const before = code.slice(0, cursor);
  const word = /[\p{L}\p{N}_$]*$/u.exec(before)?.[0] ?? "";
  const start = cursor - word.length;
  const member = /([\p{L}_$][\p{L}\p{N}_$]*)\s*\.\s*$/u.exec(before.slice(0, start));
  let candidates: string[];
  if (!member && /(^|[^.])\.\s*$/.test(before.slice(0, start)) && !/\b\d+\.\s*$/.test(before.slice(0, start))) {
    // A member of something more than a name (`tensor([1]).`, `xs[0].`): no value to read without running code.
    candidates = [];
  } else if (member) {
    const target = lookup(member[1], scope, globals);
    candidates = target === undefined || target === null ? [] : memberNames(target);
  } else {
    // Names declared in this cell's text count too, before it has run.
    const inCell = code.match(/[\p{L}_$][\p{L}\p{N}_$]*/gu) ?? [];
    candidates = [...memberNames(scope), ...Object.getOwnPropertyNames(globals), ...KEYWORDS, ...inCell.filter((n) => n !== word)];
  }
  const matches = [...new Set(candidates.filter((c) => c.startsWith(word) && !c.startsWith("__")))].sort();
  return {
    matches,
    cursorStart: codePointsBefore(code, start),
    cursorEnd: cursorCodePoints,
    metadata: {},
  };
}

/**
 * Where to inspect for a cursor: itself when it touches a name; inside a call's arguments
 * (`add(|`, `add(1, |`, where JupyterLab's and Notebook's Shift+Tab tooltip asks), the end of
 * the called name, as IPython inspects the callable when the cursor is inside its call.
 */
export function inspectTarget(code: string, cursorCodePoints: number): number {
  const cursor = utf16Offset(code, cursorCodePoints);
  const word = (/[\p{L}\p{N}_$]*$/u.exec(code.slice(0, cursor))?.[0] ?? "") + (/^[\p{L}\p{N}_$]*/u.exec(code.slice(cursor))?.[0] ?? "");
  if (/^[\p{L}_$]/u.test(word)) return cursorCodePoints;
  let depth = 0;
  for (let i = cursor - 1; i >= 0; i--) {
    const ch = code[i];
    if (ch === ")" || ch === "]" || ch === "}") depth++;
    else if (ch === "(" || ch === "[" || ch === "{") {
      if (depth > 0) {
        depth--;
        continue;
      }
      if (ch !== "(") return cursorCodePoints;
      const callee = /([\p{L}_$][\p{L}\p{N}_$]*)\s*(?:<[^()]*>\s*)?$/u.exec(code.slice(0, i));
      return callee ? codePointsBefore(code, callee.index + callee[1].length) : cursorCodePoints;
    } else if (ch === ";" && depth === 0) return cursorCodePoints;
  }
  return cursorCodePoints;
}

/**
 * What the name at the cursor is, from its live value. `globalDoc` gives the documentation
 * of a global the cell has not declared again (a runtime function's, see runtime-docs.ts).
 */
export function inspectAt(code: string, cursorCodePoints: number, scope: object, globals: object, globalDoc?: (name: string) => MimeBundle | undefined): InspectResult {
  const cursor = utf16Offset(code, cursorCodePoints);
  const left = /[\p{L}\p{N}_$]*$/u.exec(code.slice(0, cursor))?.[0] ?? "";
  const right = /^[\p{L}\p{N}_$]*/u.exec(code.slice(cursor))?.[0] ?? "";
  const name = left + right;
  if (!name || !/^[\p{L}_$]/u.test(name)) return { found: false, data: {}, metadata: {} };
  const doc = Object.prototype.hasOwnProperty.call(scope, name) ? undefined : globalDoc?.(name);
  if (doc !== undefined) return { found: true, data: doc, metadata: {} };
  const value = lookup(name, scope, globals);
  if (value === undefined && !(name in scope) && !(name in globals)) return { found: false, data: {}, metadata: {} };
  const kind = typeof value === "function" ? "function" : value === null ? "null" : typeof value;
  const shown = typeof value === "function" ? String(value).split("\n")[0].slice(0, 200) : inspect(value, { depth: 2 });
  return { found: true, data: { "text/plain": `${name}: ${kind}\n${shown}` }, metadata: {} };
}

function lookup(name: string, scope: object, globals: object): unknown {
  if (Object.prototype.hasOwnProperty.call(scope, name)) return (scope as Record<string, unknown>)[name];
  const d = Object.getOwnPropertyDescriptor(globals, name);
  return d && "value" in d ? d.value : undefined;
}

/** Where a class of the runtime lists its members for internal use, left out of completion. */
const INTERNAL_MEMBERS = Symbol.for("nabla.internalMembers");

/** Own and inherited property names, without invoking getters, but those a prototype lists as internal. */
function memberNames(obj: unknown): string[] {
  const names: string[] = [];
  const internal = new Set<string>();
  for (let o: unknown = Object(obj); o && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
    names.push(...Object.getOwnPropertyNames(o).filter((n) => n !== "constructor"));
    const listed: unknown = Object.getOwnPropertyDescriptor(o, INTERNAL_MEMBERS)?.value;
    if (Array.isArray(listed)) for (const n of listed) internal.add(String(n));
  }
  return names.filter((n) => !internal.has(n));
}
