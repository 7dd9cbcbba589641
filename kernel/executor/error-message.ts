import { ARITHMETIC_OPERATORS } from "../transform/operator-names";
import { ts } from "ts-morph";

/** `__mul` → `*`: the helper names the cell transform writes, and the operators they stand for. */
const HELPER_OPERATORS = new Map([...ARITHMETIC_OPERATORS].map(([kind, helper]) => [helper, ts.tokenToString(kind) ?? helper]));

/** An operator helper's or a fused expression's call (`__mul`, `__fz0_add`, `__fz1_Math_sin`) as the cell writes it, or null. */
function helperWords(helper: string): string | null {
  const op = HELPER_OPERATORS.get(helper);
  if (op) return `(... ${op} ...)`;
  if (helper === "__neg") return "(-...)";
  // A fused expression's site is named after its outermost operation (kernel/transform/fusion.ts).
  const root = /^__fz\d+_(\w+)$/.exec(helper)?.[1];
  if (root === undefined) return null;
  if (root.startsWith("Math_")) return `Math.${root.slice(5)}(...)`;
  if (root.startsWith("rt_")) return `${root.slice(3)}(...)`;
  return helperWords(`__${root}`);
}

/**
 * A TypeError's message in the cell's own words. V8 quotes the code it ran in "… is not a
 * function", "… is not iterable" and "… is not a constructor" — the cell as the
 * transform rewrote it — so `W.tranpose()` failed with "scope.W.tranpose is not a function"
 * and `(W * W).foo()` with "__mul(...).foo is not a function". The session scope and the
 * declaration helpers are left out, and an operator helper is written as its operator.
 *
 * @example
 * userMessage("scope.W.tranpose is not a function") // "W.tranpose is not a function"
 * userMessage("__s_W.tranpose is not a function")   // "W.tranpose is not a function"
 * userMessage("__mul(...).foo is not a function")   // "(... * ...).foo is not a function"
 * userMessage("__fz0_add is not a function or its return value is not iterable") // "(... + ...) is not iterable"
 */
export function userMessage(message: string): string {
  // for (const q of a * b) {}: V8 names the call's callee, which is the transform's.
  const iterated = /^(__\w+) is not a function or its return value is not iterable$/.exec(message);
  const words = iterated && helperWords(iterated[1]);
  // Of a function (a fused Math.atan2(…)), JavaScript's own words about its callee.
  if (words) return words.endsWith("(...)") ? `${words.slice(0, -5)}${iterated![0].slice(iterated![1].length)}` : `${words} is not iterable`;
  const quoted = /^(.*)( is not (?:a function|iterable|a constructor|a function or its return value is not iterable|async iterable))$/s.exec(message);
  if (!quoted) return message;
  return cellWords(quoted[1]) + quoted[2];
}

/** Code V8 quoted, without the scope and helper names the transform wrote. */
function cellWords(code: string): string {
  return code
    .replace(/(^|[^\p{L}\p{N}_$.])(?:scope|__const|__declLet|__declConst|__tdz)\.(?=[\p{L}_$])/gu, "$1")
    // The locals a cell reads its constants, runtime names and globals into: __s_W, __rt_sin.
    .replace(/(^|[^\p{L}\p{N}_$.])__(?:s|rt)_(?=[\p{L}_$])/gu, "$1")
    .replace(/(^|[^\p{L}\p{N}_$.])(__\w+)\(\.\.\.\)/gu, (whole, before: string, helper: string) => {
      const words = helperWords(helper);
      return words ? `${before}${words}` : whole;
    });
}
