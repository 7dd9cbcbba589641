import { ARITHMETIC_OPERATORS } from "../transform/operator-names";
import { ts } from "ts-morph";

/** `__mul` → `*`: the helper names the cell transform writes, and the operators they stand for. */
const HELPER_OPERATORS = new Map([...ARITHMETIC_OPERATORS].map(([kind, helper]) => [helper, ts.tokenToString(kind) ?? helper]));

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
 */
export function userMessage(message: string): string {
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
    .replace(/(^|[^\p{L}\p{N}_$.])(__[a-z]+)\(\.\.\.\)/gu, (whole, before: string, helper: string) => {
      const op = HELPER_OPERATORS.get(helper);
      return op ? `${before}(... ${op} ...)` : whole;
    });
}
