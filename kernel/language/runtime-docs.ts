import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { MimeBundle } from "../executor/types";

/*
 * What Shift+Tab shows for a runtime function (its signature, doc comment and example)
 * before the language service has warmed up: written at build time by the same service, so
 * the answer is the same before and after. Without it a student who asked in the first
 * seconds of a session saw the first line of the function's JavaScript source.
 */

const FILE = join(__dirname, "runtime-docs.json");

let loaded: Record<string, MimeBundle> | null = null;

/** The inspection of a runtime name, or undefined (not a runtime name, or the build did not write the file). */
export function runtimeDoc(name: string): MimeBundle | undefined {
  if (loaded === null) {
    try {
      loaded = existsSync(FILE) ? (JSON.parse(readFileSync(FILE, "utf8")) as Record<string, MimeBundle>) : {};
    } catch {
      loaded = {};
    }
  }
  return Object.hasOwn(loaded, name) ? loaded[name] : undefined;
}

/** Writes the file from the runtime's declarations (`npm run build` runs this after the compiler). */
function writeRuntimeDocs(): void {
  // Required here, not at the top: the kernel loads this module without the compiler.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { LanguageService } = require("./service") as typeof import("./service");
  const entry = join(__dirname, "..", "..", "src", "index.js");
  const runtime = require(entry) as Record<string, unknown>;
  const names = Object.keys(runtime).filter((n) => n !== "__esModule");
  // A class is inspected as a name (`new Tensor(` shows the class), a function as in a call.
  const isFunction = (n: string): boolean => typeof runtime[n] === "function" && !/^class\b/.test(Function.prototype.toString.call(runtime[n]));
  const docs = new LanguageService(entry, () => names).runtimeDocs(isFunction);
  writeFileSync(FILE, JSON.stringify(docs));
  process.stdout.write(`runtime-docs.json: ${Object.keys(docs).length} of ${names.length} runtime names documented\n`);
}

if (require.main === module) writeRuntimeDocs();
