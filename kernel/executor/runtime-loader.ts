import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import * as vm from "node:vm";

/**
 * The realm's built-ins the runtime reads, passed to each module as parameters: a global read
 * from code compiled in a vm context goes through the context's global object (40× slower in
 * a loop of Math calls; randn([1000, 1000]) took 600 ms in a cell, 65 ms in Node) — the
 * cells' own lesson (DESIGN.md), which reach the session's names as a parameter too.
 */
/*
 * Every global the runtime's code reads: a test checks the list against src/ with the
 * TypeScript checker. Missing Infinity (Math.max(i, 5) folds from -Infinity) made Math.max
 * in a cell 160× Math.max in Node, and ArrayBuffer (every operation on a dual number or tape
 * variable asks whether its operand is a typed array) cost each AD operation in a cell a read
 * through the context's global object.
 */
export const RUNTIME_BUILT_INS: readonly string[] = [
  "Math", "Object", "Array", "Float64Array", "Int32Array", "Uint8Array", "Number", "String", "Boolean", "Symbol", "JSON", "Map", "Set", "WeakMap",
  "Error", "TypeError", "RangeError", "EvalError", "isFinite", "isNaN", "Infinity", "NaN", "ArrayBuffer", "DataView", "BigInt64Array", "BigUint64Array",
  "Date", "Function", "Proxy", "WeakRef",
];
const BUILT_INS = RUNTIME_BUILT_INS;

/**
 * Loads the runtime (dist/src) INSIDE the sandbox's realm, so user values and runtime
 * classes share prototypes (a cell's arrays are the runtime's arrays). A tiny CommonJS
 * loader: each file is compiled as a function in the context; modules are cached before
 * they run, so import cycles resolve as in Node.
 */
export function loadRuntime(context: vm.Context, entry: string): LoadedRuntime | null {
  if (!existsSync(entry)) return null;
  const builtIns = vm.runInContext(`[${BUILT_INS.join(", ")}]`, context) as unknown[];
  const cache = new Map<string, { exports: Record<string, unknown> }>();
  const load = (file: string): Record<string, unknown> => {
    const cached = cache.get(file);
    if (cached) return cached.exports;
    const module = { exports: {} as Record<string, unknown> };
    cache.set(file, module);
    const fn = vm.compileFunction(readFileSync(file, "utf8"), ["exports", "require", "module", "__filename", "__dirname", ...BUILT_INS], {
      parsingContext: context,
      filename: file,
    });
    const requireInRealm = (spec: string): unknown => {
      if (!spec.startsWith(".")) throw new Error(`the runtime may not require ${spec}`);
      const base = resolve(dirname(file), spec);
      const target = existsSync(`${base}.js`) ? `${base}.js` : join(base, "index.js");
      return load(target);
    };
    fn(module.exports, requireInRealm, module, file, dirname(file), ...builtIns);
    return module.exports;
  };
  return { exports: load(entry), module: (path) => load(join(dirname(entry), path)) };
}

/** The runtime's public exports, and its internal modules for the kernel (by path from the entry's folder). */
export interface LoadedRuntime {
  readonly exports: Record<string, unknown>;
  module(path: string): Record<string, unknown>;
}
