/* eslint-disable @typescript-eslint/no-explicit-any */
import { html, md, svg } from "./mime-helpers";
import * as vm from "node:vm";
import { readSync, writeSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { Console } from "node:console";
import { Writable } from "node:stream";
import { bundleOf } from "./display";
import { formatADNumbers } from "./console-format";
import { cellNow, flushStreams, send, writeStream } from "./output";
import { loadRuntime } from "./runtime-loader";
import { EXIT_MARKER } from "./protocol";
import { scopeGuards, type Realm } from "./scope-guards";
import { timeEnd, timeit, timeStart } from "./timing";
import { hidePromiseBookkeeping } from "./promise-inspect";

/** The fd on which the kernel writes prompt() answers (the child's fifth stdio entry). */
const INPUT_FD = 4;

export interface Sandbox {
  context: vm.Context;
  scope: Record<string, unknown>;
  /** The session names declared `const` (or imported) by the declaration that ran last. */
  constants: Set<string>;
  /** The names whose top-level declaration ran since this set was last cleared (before each cell). */
  declaredNames: Set<string>;
  /** Set per cell: whether prompt() may ask the front end. */
  allowStdin: boolean;
  /** The runtime's export names (globals in every cell), for the language service. */
  runtimeNames: string[];
  /** The sandbox's own globals (console, performance, display, …): a cell reads the ones it uses into locals, as it does the runtime's. */
  globalNames: string[];
  /** The runtime's entry file, or null when it is not built. */
  runtimeEntry: string | null;
  /** Forgets what an interrupt left half-done in the runtime (src/core/interrupted.ts); before each cell. */
  recoverFromInterrupt: () => void;
}

/** A `vm` context with Node's conveniences, the display functions and the AD runtime. */
export function createSandbox(cwd: string, log: (msg: string) => void): Sandbox {
  const requireFromNotebook = createRequire(join(resolve(cwd), "notebook.ts"));
  const sandbox: Sandbox = { context: {} as vm.Context, scope: {}, constants: new Set(), declaredNames: new Set(), allowStdin: false, runtimeNames: [], globalNames: [], runtimeEntry: null, recoverFromInterrupt: () => {} };
  const stream = (name: "stdout" | "stderr") =>
    new Writable({
      write(chunk: Buffer | string, _enc, done) {
        writeStream(name, chunk.toString());
        done();
      },
    });
  const console = new Console({ stdout: stream("stdout"), stderr: stream("stderr"), colorMode: false });

  const display = (value: unknown, options: { id?: string; metadata?: Record<string, unknown> } = {}) => {
    flushStreams();
    const id = options.id;
    const show = (v: unknown, update: boolean): void => {
      const { data, metadata } = bundleOf(v);
      send({ type: "display", cell: cellNow(), data, metadata: { ...metadata, ...options.metadata }, transient: id ? { display_id: id } : {}, update });
    };
    show(value, false);
    return id ? { id, update: (v: unknown) => (flushStreams(), show(v, true)) } : undefined;
  };
  const clearOutput = (options: { wait?: boolean } = {}) => {
    flushStreams();
    send({ type: "clear", cell: cellNow(), wait: Boolean(options.wait) });
  };
  const prompt = (message = "", options: { password?: boolean } = {}): string => {
    if (!sandbox.allowStdin) {
      throw new Error("prompt(): this front end does not accept input (the request has allow_stdin false)");
    }
    flushStreams();
    send({ type: "input", cell: cellNow(), prompt: String(message), password: Boolean(options.password) });
    return readAnswer();
  };
  // process.exit ends the sandbox; say so on stderr first, so the kernel can report it.
  const sandboxProcess = Object.create(process, {
    exit: {
      value: (code?: number) => {
        flushStreams();
        writeSync(2, `${EXIT_MARKER} ${code ?? 0}\n`);
        process.exit(code);
      },
    },
  }) as NodeJS.Process;

  const globals: Record<string, unknown> = {
    console,
    display,
    clearOutput,
    prompt,
    html,
    md,
    svg,
    process: sandboxProcess,
    require: requireFromNotebook,
    Buffer,
    URL,
    URLSearchParams,
    TextEncoder,
    TextDecoder,
    AbortController,
    AbortSignal,
    Blob,
    fetch,
    structuredClone,
    performance,
    queueMicrotask,
    setTimeout,
    clearTimeout,
    setInterval,
    clearInterval,
    setImmediate,
    clearImmediate,
    atob,
    btoa,
  };
  sandbox.globalNames = Object.keys(globals);
  const context = vm.createContext(globals, { name: "nabla" });
  sandbox.context = context;
  // Deep enough that an error raised inside the runtime still shows the cell's own line
  // (V8 keeps 10 frames by default; the traceback drops the runtime's frames anyway).
  vm.runInContext("Error.stackTraceLimit = 64", context);
  // The cell's promises and Node's own (fetch, timers/promises) print without async bookkeeping.
  hidePromiseBookkeeping(vm.runInContext("Promise.prototype", context) as object);
  hidePromiseBookkeeping(Promise.prototype);
  // A plain object, not Object.create(null): V8 keeps those in slow dictionary mode (fib(30) 29 ms against 10 ms).
  sandbox.scope = vm.runInContext("({})", context) as Record<string, unknown>;
  (context as Record<string, unknown>).globalThis = context;
  (context as Record<string, unknown>).__nabla = {
    timeStart,
    timeEnd,
    timeit,
    displayMime: (mime: string, text: string) => {
      flushStreams();
      send({ type: "display", cell: cellNow(), data: { [mime]: text, "text/plain": text }, metadata: {}, transient: {}, update: false });
    },
    scope: sandbox.scope,
    ...scopeGuards(sandbox.scope, sandbox.constants, vm.runInContext("({ TypeError, ReferenceError })", context) as Realm, sandbox.declaredNames),
    importModule: (spec: string) => importFrom(requireFromNotebook, spec),
    importDefault: (m: Record<string, unknown>) => (m && "default" in m ? m.default : m),
  };

  const runtimeEntry = join(__dirname, "..", "..", "src", "index.js");
  const loaded = (() => {
    try {
      return loadRuntime(context, runtimeEntry);
    } catch (e) {
      log(`the runtime failed to load: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      return null;
    }
  })();
  const runtime = loaded?.exports ?? null;
  const nabla = (context as Record<string, Record<string, unknown>>).__nabla;
  nabla.operators = (runtime?.operators as Record<string, unknown> | undefined) ?? plainOperators;
  nabla.Math = vm.runInContext("Math", context);
  if (runtime) {
    sandbox.runtimeEntry = runtimeEntry;
    sandbox.runtimeNames = Object.keys(runtime).filter((n) => n !== "__esModule");
    for (const [name, value] of Object.entries(runtime)) {
      if (name !== "__esModule") (context as Record<string, unknown>)[name] = value;
    }
    // In a cell, Math is the AD-aware Math (Math.sin(x) differentiates); it reaches cells
    // as a parameter of the cell function, so the runtime's own Math stays the built-in.
    if (runtime.ADMath) nabla.Math = runtime.ADMath;
    sandbox.recoverFromInterrupt = loaded!.module("core/interrupted.js").recoverFromInterrupt as () => void;
    guardParsing(context, runtime);
    numberPredicatesReadValues(context, runtime);
    const [Dual, Var] = adClasses(context, runtime) as [new () => object, new () => object];
    const primal = runtime.primal as (v: unknown) => unknown;
    formatADNumbers(console as unknown as Console, (v) => {
      if (!(v instanceof Dual || v instanceof Var)) return undefined;
      const p = primal(v);
      return typeof p === "number" ? p : undefined;
    });
  } else {
    log("running without the AD runtime (dist/src/index.js not found)");
  }
  return sandbox;
}

/**
 * A real dynamic import(): TypeScript's CommonJS output would turn `import(x)` into
 * `require(x)`, which cannot load ES modules.
 */
// eslint-disable-next-line @typescript-eslint/no-implied-eval
const dynamicImport = new Function("specifier", "return import(specifier)") as (specifier: string) => Promise<unknown>;

/**
 * The runtime's dual number and tape variable classes, for the guards below; a class nothing
 * is an instance of stands in for one the runtime lacks.
 */
function adClasses(context: vm.Context, runtime: Record<string, unknown>): [unknown, unknown] {
  const none = (): unknown => vm.runInContext("(class {})", context);
  return [typeof runtime.Dual === "function" ? runtime.Dual : none(), typeof runtime.Var === "function" ? runtime.Var : none()];
}

/*
 * The guards below are compiled in the sandbox's realm and test typeof before instanceof:
 * made in the kernel's realm (V8 inlines no call across realms) around `[Dual, Var].some(…)`,
 * Number.isFinite(i) in a cell's loop took 150× its time in Node, parseInt("12") 140×.
 */

/**
 * parseFloat(x) and parseInt(x) read a dual number or tape variable as its text, "Dual(3, 1)",
 * and give NaN with a derivative of 0, silently: in the sandbox they throw the runtime's
 * DerivativeLostError, as Number(x) does. Number.parseFloat is the same function.
 */
function guardParsing(context: vm.Context, runtime: Record<string, unknown>): void {
  const make = vm.runInContext(
    `(function (Dual, Var, Number, f) {
      return function (s) {
        if (typeof s === "object" && s !== null && (s instanceof Dual || s instanceof Var)) Number(s); // throws the DerivativeLostError
        return arguments.length < 2 ? f(s) : f(s, arguments[1]);
      };
    })`,
    context,
  ) as (dual: unknown, v: unknown, number: unknown, f: unknown) => unknown;
  const realm = vm.runInContext("({ parseFloat, parseInt, Number })", context) as { parseFloat: unknown; parseInt: unknown; Number: Record<string, unknown> };
  const [Dual, Var] = adClasses(context, runtime);
  const parseFloat = make(Dual, Var, realm.Number, realm.parseFloat);
  const parseInt = make(Dual, Var, realm.Number, realm.parseInt);
  Object.assign(context, { parseFloat, parseInt });
  Object.assign(realm.Number, { parseFloat, parseInt });
}

/**
 * Number.isFinite(x), Number.isNaN, Number.isInteger and Number.isSafeInteger answer false
 * for any object, so on a dual number or tape variable a guard such as
 * `Number.isFinite(x) ? x * x : 0` took the other branch and gave a derivative of 0,
 * silently; isFinite(x) and isNaN(x) threw DerivativeLostError though they drop nothing. In
 * the sandbox all six read a dual number or tape variable holding a number as that number,
 * as comparisons and `if (x)` do; anything else is JavaScript's own.
 */
function numberPredicatesReadValues(context: vm.Context, runtime: Record<string, unknown>): void {
  const primal = runtime.primal as ((x: unknown) => unknown) | undefined;
  if (primal === undefined) return;
  const byValue = vm.runInContext(
    `(function (Dual, Var, primal, f) {
      return {
        [f.name](x) {
          if (typeof x === "object" && x !== null && (x instanceof Dual || x instanceof Var)) {
            const p = primal(x);
            if (typeof p === "number") return f(p);
          }
          return f(x);
        },
      }[f.name];
    })`,
    context,
  ) as (dual: unknown, v: unknown, primal: unknown, f: unknown) => unknown;
  const [Dual, Var] = adClasses(context, runtime);
  const realm = vm.runInContext("({ isFinite, isNaN, Number })", context) as Record<"isFinite" | "isNaN", unknown> & { Number: Record<string, unknown> };
  Object.assign(context, { isFinite: byValue(Dual, Var, primal, realm.isFinite), isNaN: byValue(Dual, Var, primal, realm.isNaN) });
  for (const name of ["isFinite", "isNaN", "isInteger", "isSafeInteger"]) realm.Number[name] = byValue(Dual, Var, primal, realm.Number[name]);
}

/** JavaScript's own operators, for a sandbox without the runtime. */
const plainOperators = {
  add: (a: any, b: any) => a + b, sub: (a: any, b: any) => a - b, mul: (a: any, b: any) => a * b,
  div: (a: any, b: any) => a / b, mod: (a: any, b: any) => a % b, pow: (a: any, b: any) => a ** b,
  neg: (a: any) => -a, plus: (a: any) => +a, lt: (a: any, b: any) => a < b, le: (a: any, b: any) => a <= b,
  gt: (a: any, b: any) => a > b, ge: (a: any, b: any) => a >= b, eq: (a: any, b: any) => a == b, ne: (a: any, b: any) => a != b,
  seq: (a: any, b: any) => a === b, sne: (a: any, b: any) => a !== b,
};

/**
 * import(): node built-ins and CommonJS packages through require; ES modules (ESM-only
 * packages too) through a real dynamic import of the file require.resolve finds.
 */
async function importFrom(req: NodeJS.Require, spec: string): Promise<unknown> {
  let resolved: string;
  try {
    resolved = req.resolve(spec);
  } catch (e) {
    // ESM-only packages with only an "import" condition cannot be resolved by require.
    const url = resolveEsm(req, spec);
    if (url) return dynamicImport(url);
    throw e;
  }
  if (!resolved.includes("/") && !resolved.includes("\\")) return wrapCommonJs(req(resolved)); // a built-in
  if (resolved.endsWith(".mjs")) return dynamicImport(pathToFileURL(resolved).href);
  try {
    return wrapCommonJs(req(resolved));
  } catch (e) {
    if ((e as { code?: string }).code === "ERR_REQUIRE_ESM") return dynamicImport(pathToFileURL(resolved).href);
    throw e;
  }
}

function wrapCommonJs(m: unknown): unknown {
  if (m !== null && typeof m === "object" && "default" in (m as object)) return m;
  return new Proxy(m as object, {
    get: (target, key) => (key === "default" ? target : (target as Record<string | symbol, unknown>)[key]),
    has: (target, key) => key === "default" || key in target,
  });
}

/** Finds an ESM-only package's entry by reading its package.json "exports"/"module". */
function resolveEsm(req: NodeJS.Require, spec: string): string | null {
  for (const dir of req.resolve.paths(spec) ?? []) {
    const pkgDir = join(dir, spec);
    try {
      const pkg = req(join(pkgDir, "package.json")) as { exports?: unknown; module?: string; main?: string };
      const entry = pickExport(pkg.exports) ?? pkg.module ?? pkg.main ?? "index.js";
      return pathToFileURL(join(pkgDir, entry)).href;
    } catch {
      continue;
    }
  }
  return null;
}

function pickExport(exports: unknown): string | undefined {
  if (typeof exports === "string") return exports;
  if (!exports || typeof exports !== "object") return undefined;
  const e = exports as Record<string, unknown>;
  const root = "." in e ? e["."] : e;
  if (typeof root === "string") return root;
  if (root && typeof root === "object") {
    const r = root as Record<string, unknown>;
    for (const key of ["import", "node", "default", "require"]) {
      const v = r[key];
      if (typeof v === "string") return v;
      const nested = pickExport(v);
      if (nested) return nested;
    }
  }
  return undefined;
}

/** Blocks until the kernel writes the answer line for prompt(). */
function readAnswer(): string {
  const buf = Buffer.alloc(65536);
  let text = "";
  for (;;) {
    let n = 0;
    try {
      n = readSync(INPUT_FD, buf, 0, buf.length, null);
    } catch (e) {
      // EINTR: the SIGINT of an interrupt; the vm then stops the cell with KeyboardInterrupt.
      const code = (e as { code?: string }).code;
      if (code === "EAGAIN" || code === "EINTR") {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
        continue;
      }
      throw e;
    }
    if (n === 0) throw new Error("prompt(): the kernel closed the input channel");
    text += buf.toString("utf8", 0, n);
    const nl = text.indexOf("\n");
    if (nl >= 0) return JSON.parse(text.slice(0, nl)) as string;
  }
}

