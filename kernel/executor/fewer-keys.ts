import { inspect } from "node:util";

/**
 * How many of an object's keys a cell's result shows; the rest are counted, as Node counts an
 * array's items past `maxArrayLength` (IPython shows 1000 of a dict's items too).
 */
export const MAX_KEYS_SHOWN = 1000;

/** How many of an array's items inspect shows (its maxArrayLength, as display.ts sets it). */
const ITEMS_SHOWN = 100;

/**
 * `value` as a cell's result shows it: every object of more than MAX_KEYS_SHOWN own keys,
 * down to `depth` levels (as far as inspect goes), stands for a copy of its first keys that
 * prints `... 99000 more keys` at its end. A result of 10⁵ keys printed all of them, 1.5 MB of
 * text for the notebook to hold and draw. `value` itself comes back when nothing is that large;
 * otherwise the objects on the way to a large one are copied (same class, getters left as
 * getters), and a cycle leads to a copy, which inspect marks [Circular].
 *
 * @example
 * inspect(withFewerKeys(Object.fromEntries([...Array(1500).keys()].map((i) => [`k${i}`, i])), 2))
 * // "{ k0: 0, …, k999: 999, ... 500 more keys }" (on several lines)
 */
export function withFewerKeys(value: unknown, depth: number): unknown {
  return hasManyKeys(value, depth, new Set()) ? copyWithFewerKeys(value, depth, new Map()) : value;
}

/** Objects inspect draws field by field (not arrays of numbers, maps, dates …). */
function isRecord(value: unknown): value is object {
  return value !== null && typeof value === "object" && !ArrayBuffer.isView(value) && !(value instanceof Map) && !(value instanceof Set) && !(value instanceof Date) && !(value instanceof RegExp);
}

/** A field's value without calling a getter (inspect shows a getter as [Getter] too). */
function fieldOf(value: object, key: string): unknown {
  const descriptor = Object.getOwnPropertyDescriptor(value, key);
  return descriptor && "value" in descriptor ? descriptor.value : undefined;
}

/** The children inspect would draw: an array's first items, an object's fields. */
function childKeys(value: object): string[] {
  if (Array.isArray(value)) return Array.from({ length: Math.min(value.length, ITEMS_SHOWN) }, (_, i) => String(i));
  return Object.keys(value).slice(0, MAX_KEYS_SHOWN);
}

function hasManyKeys(value: unknown, depth: number, seen: Set<object>): boolean {
  if (!isRecord(value) || depth < 0 || seen.has(value)) return false;
  seen.add(value);
  if (!Array.isArray(value) && Object.keys(value).length > MAX_KEYS_SHOWN) return true;
  return childKeys(value).some((key) => hasManyKeys(fieldOf(value, key), depth - 1, seen));
}

function copyWithFewerKeys(value: unknown, depth: number, copies: Map<object, object>): unknown {
  if (!isRecord(value) || depth < 0) return value;
  const made = copies.get(value);
  if (made !== undefined) return made;
  if (Array.isArray(value)) {
    const copy = value.slice();
    copies.set(value, copy);
    for (let i = 0; i < Math.min(value.length, ITEMS_SHOWN); i++) copy[i] = copyWithFewerKeys(value[i], depth - 1, copies);
    return copy;
  }
  const keys = Object.keys(value);
  const proto = Object.getPrototypeOf(value) as object | null;
  const copy = Object.create(proto) as Record<string, unknown>;
  const more = keys.length - MAX_KEYS_SHOWN;
  // A cycle back to this object leads to the copy, which inspect then marks [Circular].
  copies.set(value, copy);
  for (const key of keys.slice(0, MAX_KEYS_SHOWN)) {
    const descriptor = Object.getOwnPropertyDescriptor(value, key)!;
    if ("value" in descriptor) descriptor.value = copyWithFewerKeys(descriptor.value, depth - 1, copies);
    Object.defineProperty(copy, key, descriptor);
  }
  if (more <= 0) return copy;
  // What is shown: the copy drawn by inspect, with the count of the keys left out at its end.
  const shown = Object.create(proto) as object;
  Object.defineProperty(shown, inspect.custom, {
    value: (remaining: number, options: Parameters<typeof inspect>[1]) => {
      const text = inspect(copy, { ...options, depth: remaining });
      const close = text.lastIndexOf("}");
      if (close < 0) return text;
      const multiline = text.includes("\n");
      return `${text.slice(0, close).trimEnd()},${multiline ? "\n  " : " "}... ${more} more key${more === 1 ? "" : "s"}${multiline ? "\n" : " "}}`;
    },
  });
  return shown;
}
