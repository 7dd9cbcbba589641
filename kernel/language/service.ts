import { existsSync } from "node:fs";
import { join } from "node:path";
import { ts } from "ts-morph";
import { getLibFiles } from "@ts-morph/common";

const LIB_DIR = "/nabla-lib";
import type { InspectResult, MimeBundle } from "../executor/types";
import { bindingNames } from "../transform/scopes";
import { objectLiteralCell, unwrappedPosition } from "../transform/object-literal-cell";
import { COMPOUND_OPERATORS } from "../transform/operator-names";
import { continuedLines } from "./continued-lines";
import { commaResult } from "./comma-result";
import { OPERATOR_DECLARATIONS, UNTYPED_OPERATOR_DECLARATIONS, operatorView, type OperatorView } from "./operator-view";

/** Where a type error sits in the cell (1-based), and what it says. */
export interface CellDiagnostic {
  readonly line: number;
  readonly column: number;
  readonly message: string;
  /** TypeScript's diagnostic code, or 0 for a warning of Nabla's own (continued-lines.ts, comma-result.ts). */
  readonly code: number;
}

/**
 * Diagnostics that do not fit notebook cells: names declared again in a later cell;
 * module-only rules the cell transform takes care of; arithmetic and comparison operators
 * on tensors and dual numbers (the transform routes them through the runtime, which
 * TypeScript cannot know: 2362, 2363, 2365); and results typed `unknown` (the
 * differentiation functions return what the argument's container dictates: 2571, 18046).
 */
const IGNORED = new Set([2451, 2300, 2393, 1375, 1378, 1208, 2584, 2580, 2591, 2792, 7016, 2362, 2363, 2365, 2571, 18046]);

const CELL = "/nabla/cell.ts";

/**
 * The TypeScript language service behind completion, inspection and type warnings. A cell
 * is checked in a virtual project made of the runtime's declarations (as globals), every
 * earlier cell (as scripts, so their top-level names are global) and the cell itself (as a
 * module, so declaring a name again does not clash).
 */
export class LanguageService {
  private readonly files = new Map<string, { text: string; version: number }>();
  private service: ts.LanguageService | null = null;
  private cells = 0;
  /** The names each earlier cell's file declares at top level, in the order the cells ran. */
  private readonly cellNames = new Map<string, string[]>();
  /** The last cell checked, and the annotations it was checked with (widenedLets), for addCell when that cell has run. */
  private lastChecked: { code: string; annotations: ReadonlyMap<number, string> } | null = null;

  constructor(
    private readonly runtimeEntry: string,
    private readonly runtimeNames: () => string[],
  ) {}

  private setFile(name: string, text: string): void {
    const old = this.files.get(name);
    if (old && old.text === text) return;
    this.files.set(name, { text, version: (old?.version ?? 0) + 1 });
  }

  /** A language-service host over in-memory files: only the changed cell is re-parsed. */
  private ensure(): ts.LanguageService {
    if (this.service) return this.service;
    const runtime = this.runtimeEntry.replace(/\.js$/, "");
    if (existsSync(`${runtime}.d.ts`)) {
      const spec = JSON.stringify(runtime);
      const classes = new Set(["Tensor", "Dual", "Var"]);
      const decls = this.runtimeNames()
        .filter((n) => /^[A-Za-z_$][\w$]*$/.test(n))
        .flatMap((n) => [`declare const ${n}: typeof import(${spec}).${n};`, ...(classes.has(n) ? [`type ${n} = import(${spec}).${n};`] : [])]);
      this.setFile(RUNTIME_GLOBALS, [...decls, ...SANDBOX_GLOBALS, ...OPERATOR_DECLARATIONS].join("\n"));
    } else {
      this.setFile(RUNTIME_GLOBALS, [...SANDBOX_GLOBALS, ...UNTYPED_OPERATOR_DECLARATIONS].join("\n"));
    }
    this.setFile(CELL, "export {};");
    const options: ts.CompilerOptions = {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      // ES2023: the kernel needs Node 20, which has toSorted, toReversed, with, findLast (they warned TS2550).
      lib: ["lib.es2023.d.ts", "lib.dom.d.ts"],
      strict: true,
      // A model class declares its fields and a later line (or cell) sets them, `class Linear
      // { W: Tensor; … }` then `lin.W = randn([2, 2])`, as a notebook builds it: no warning
      // that the constructor leaves W unset (TS2564). Using a field of the wrong type still is one.
      strictPropertyInitialization: false,
      noImplicitAny: false,
      skipLibCheck: true,
      types: ["node"],
      typeRoots: [join(__dirname, "..", "..", "..", "node_modules", "@types")],
    };
    // ts-morph's compiler keeps the standard library (lib.es2023.d.ts, …) in memory, not on
    // disk: serve it from there, or Promise, Map and friends would be unknown.
    const libs = new Map(getLibFiles().map((l) => [`${LIB_DIR}/${l.fileName}`, l.text]));
    const host: ts.LanguageServiceHost = {
      getCompilationSettings: () => options,
      // Latest first: the checker types a name declared in two files by the first, and the
      // session's value is the latest cell's (`let p = 1; let q = 2`, then `let p = "text"`).
      getScriptFileNames: () => [...this.files.keys()].reverse(),
      getScriptVersion: (f) => String(this.files.get(f)?.version ?? 0),
      getScriptSnapshot: (f) => {
        const text = this.files.get(f)?.text ?? libs.get(f) ?? ts.sys.readFile(f);
        return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
      },
      getCurrentDirectory: () => "/nabla",
      getDefaultLibFileName: (o) => `${LIB_DIR}/${ts.getDefaultLibFileName(o)}`,
      fileExists: (f) => this.files.has(f) || libs.has(f) || ts.sys.fileExists(f),
      readFile: (f) => this.files.get(f)?.text ?? libs.get(f) ?? ts.sys.readFile(f),
      readDirectory: ts.sys.readDirectory,
      directoryExists: ts.sys.directoryExists,
      getDirectories: ts.sys.getDirectories,
    };
    this.service = ts.createLanguageService(host, ts.createDocumentRegistry());
    return this.service;
  }

  /** Loads the compiler and answers one completion, so the first real request is fast. */
  warmUp(): void {
    this.complete("Math.", 5);
    this.diagnostics("const __warm: number = grad((x: number) => x)(1) as number");
  }

  /**
   * A cell that ran: its top-level declarations become visible to later cells. For a cell
   * that failed part-way, `ran` lists the names whose declarations ran before the error: only
   * those declarations (and its types) are kept, as JavaScript keeps only them.
   */
  addCell(code: string, ran?: readonly string[]): void {
    // As a script (no import/export): its top-level names are global for later cells.
    if (/^\s*(import|export)\s/m.test(code) || /^\s*%/m.test(code)) return;
    // A cell that declares nothing adds nothing for later cells (and keeps the program unchanged).
    if (!/^\s*(const|let|var|function|class|enum|interface|type|namespace|async\s+function|declare)\b/m.test(code)) return;
    // A `let acc = 0` the cell assigned a tensor is `number | Tensor` for later cells too (widenedLets).
    const annotations = this.lastChecked?.code === code ? this.lastChecked.annotations : undefined;
    const viewText = operatorView(code, annotations).text;
    const text = ran ? declarationsThatRan(viewText, new Set(ran)) : viewText;
    const names = declaredNames(text);
    if (names.size === 0) return;
    // An earlier cell whose every name this one declares again is gone from the session's
    // view: a re-run cell replaced its earlier runs' files, which grew the program without
    // bound (500 runs: a cell's type check 16 → 85 ms) and kept the first run's types (the
    // checker reads a name declared in two files as the first's).
    for (const [name, earlier] of this.cellNames) {
      if (earlier.every((n) => names.has(n))) {
        this.files.delete(name);
        this.cellNames.delete(name);
      }
    }
    const name = `/nabla/cells/cell${++this.cells}.ts`;
    this.setFile(name, text);
    this.cellNames.set(name, [...names]);
  }

  /** The checker sees the cell's operator view (see operator-view.ts), not its text. */
  private withCell(code: string, annotations?: ReadonlyMap<number, string>): { service: ts.LanguageService; view: OperatorView } {
    const service = this.ensure();
    const view = operatorView(code, annotations);
    // The cell is a module: `export {}` at the end keeps positions of the code itself.
    this.setFile(CELL, `${view.text}\nexport {};`);
    return { service, view };
  }

  /** Type errors of this cell only, with cell positions, lines that continue the one before (continued-lines.ts), and a result written `a, b` (comma-result.ts). */
  diagnostics(code: string): CellDiagnostic[] {
    // A cell that is one object literal runs as one (object-literal-cell.ts): checked as it runs.
    const objectLiteral = objectLiteralCell(code);
    if (objectLiteral !== null) return this.diagnostics(objectLiteral.code).map((d) => unwrappedPosition(objectLiteral, d));
    let { service, view } = this.withCell(code);
    let all = [...service.getSyntacticDiagnostics(CELL), ...service.getSemanticDiagnostics(CELL)];
    // `let acc = 0` then `acc = acc + T` with T a tensor: checked again with acc declared `number | Tensor`.
    const errors = all.filter((d) => d.start !== undefined).map((d) => ({ at: view.toCell(d.start ?? 0), code: d.code, message: ts.flattenDiagnosticMessageText(d.messageText, "\n") }));
    const widened = widenedLets(code, errors);
    if (widened.size > 0) {
      ({ service, view } = this.withCell(code, widened));
      all = [...service.getSyntacticDiagnostics(CELL), ...service.getSemanticDiagnostics(CELL)];
    }
    this.lastChecked = { code, annotations: widened };
    // Positions in the cell's own text (its line breaks), not the view's.
    const cellFile = ts.createSourceFile("cell.ts", code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
    const typeErrors = all
      .filter((d) => !IGNORED.has(d.code) && d.start !== undefined && d.start < view.text.length)
      .map((d) => {
        const { line, character } = cellFile.getLineAndCharacterOfPosition(view.toCell(d.start ?? 0));
        const message = ts.flattenDiagnosticMessageText(d.messageText, "\n");
        return { line: line + 1, column: character + 1, message, code: d.code, before: view.text.slice(Math.max(0, (d.start ?? 0) - 40), d.start), at: view.toCell(d.start ?? 0) };
      })
      .filter((d) => !scalarForNumber(d) && !scalarComparedWithNumber(d) && !scalarSearchedByNumber(d) && !entriesMappedBack(d, cellFile))
      .map(({ before: _before, at: _at, ...d }) => d);
    // TypeScript's own TS2695 (the left of a comma is unused) already says it for `x, y`.
    const comma = typeErrors.some((d) => d.code === 2695) ? [] : commaResult(code);
    return [...typeErrors, ...continuedLines(code), ...comma].sort((a, b) => a.line - b.line || a.column - b.column);
  }

  /** Completions from types: members after `.`, names in scope (runtime, earlier cells, this cell), keywords. */
  complete(code: string, cursorUtf16: number): { matches: string[]; metadata: Record<string, unknown>; start: number } {
    const { service, view } = this.withCell(code);
    const word = /[\p{L}\p{N}_$]*$/u.exec(code.slice(0, cursorUtf16))?.[0] ?? "";
    const start = cursorUtf16 - word.length;
    const at = view.toView(cursorUtf16);
    const info = service.getCompletionsAtPosition(CELL, at, { includeCompletionsWithInsertText: true });
    const entries = (info?.entries ?? []).filter((e) => e.name.startsWith(word) && !e.name.startsWith("__"));
    entries.sort((a, b) => a.sortText.localeCompare(b.sortText) || a.name.localeCompare(b.name));
    const seen = new Set<string>();
    const unique = entries.filter((e) => !seen.has(e.name) && seen.add(e.name));
    const types = unique.slice(0, 200).map((e, i) => {
      const signature = i < 20 ? signatureOf(service, e, at) : "";
      // A const holding a function (every runtime export) reads as a function: its type is a
      // signature, generic or not, or a list of overloads ({ (x: …): …; <F>(f: F): … }).
      const type = kindName(e.kind) === "variable" && /^const [\w$]+: (\(|<|\{\s*[<(])/.test(signature) ? "function" : kindName(e.kind);
      return { start, end: cursorUtf16, text: e.name, type, signature };
    });
    return { matches: unique.map((e) => e.name), metadata: { _jupyter_types_experimental: types }, start };
  }

  /** The signature, type and doc comment (with its @example) of the name at the cursor. */
  inspect(code: string, cursorUtf16: number, detailLevel: number): InspectResult {
    const { service, view } = this.withCell(code);
    const at = Math.max(0, /[\p{L}\p{N}_$]$/u.test(code.slice(0, cursorUtf16)) ? cursorUtf16 - 1 : cursorUtf16);
    const info = service.getQuickInfoAtPosition(CELL, view.toView(at));
    if (!info) return { found: false, data: {}, metadata: {} };
    let docs = info.documentation ?? [];
    let tagList = info.tags ?? [];
    // Runtime globals are re-declared without their comments: read them at the source.
    const name = view.text.slice(info.textSpan.start, info.textSpan.start + info.textSpan.length);
    if (docs.length === 0 && this.runtimeNames().includes(name)) {
      const original = this.runtimeQuickInfo(service, name);
      if (original) {
        docs = original.documentation ?? [];
        tagList = original.tags ?? [];
      }
    }
    return { found: true, data: inspection(ts.displayPartsToString(info.displayParts), docs, tagList, detailLevel), metadata: {} };
  }

  /**
   * What inspect shows for each runtime name, for the kernel's answer before this service has
   * warmed up (runtime-docs.ts writes it at build time): for a function, as Shift+Tab in a
   * call shows it (`hessian(`, the signature a call resolves to); otherwise the name alone.
   */
  runtimeDocs(isFunction: (name: string) => boolean): Record<string, MimeBundle> {
    const names = this.runtimeNames().filter((n) => /^[A-Za-z_$][\w$]*$/.test(n));
    const lines = names.map((n) => (isFunction(n) ? `${n}();` : `${n};`));
    const code = lines.join("\n");
    const docs: Record<string, MimeBundle> = {};
    let offset = 0;
    names.forEach((name, i) => {
      const r = this.inspect(code, offset + name.length, 0);
      if (r.found) docs[name] = r.data;
      offset += lines[i].length + 1;
    });
    return docs;
  }

  /** Quick info of a runtime export as its module declares it (with its doc comment), from one probe file of them all. */
  private runtimeQuickInfo(service: ts.LanguageService, name: string): ts.QuickInfo | undefined {
    const spec = JSON.stringify(this.runtimeEntry.replace(/\.js$/, ""));
    const probe = [`import * as R from ${spec};`, ...this.runtimeNames().filter((n) => /^[A-Za-z_$][\w$]*$/.test(n)).map((n) => `R.${n};`)].join("\n");
    // The same text every time: the program is not checked again for each inspection.
    this.setFile(PROBE, probe);
    const at = probe.indexOf(`\nR.${name};`);
    return at < 0 ? undefined : service.getQuickInfoAtPosition(PROBE, at + 3);
  }
}

/** The inspect_reply's bundle: signature, doc comment, examples (and other tags at detail level 1), as text and markdown. */
function inspection(signature: string, docs: readonly ts.SymbolDisplayPart[], tagList: readonly ts.JSDocTagInfo[], detailLevel: number): Record<string, string> {
  const doc = ts.displayPartsToString([...docs]);
  const tags = tagList.map((t) => ({ name: t.name, text: ts.displayPartsToString(t.text ?? []) }));
  const examples = tags.filter((t) => t.name === "example").map((t) => t.text.trim());
  const otherTags = detailLevel > 0 ? tags.filter((t) => t.name !== "example").map((t) => `@${t.name} ${t.text}`.trim()) : [];
  const plain = [signature, doc, ...examples.map((e) => `Example:\n${e}`), ...otherTags].filter(Boolean).join("\n\n");
  const markdown = ["```ts\n" + signature + "\n```", doc, ...examples.map((e) => "**Example**\n\n```ts\n" + e + "\n```"), ...otherTags]
    .filter(Boolean)
    .join("\n\n");
  return { "text/plain": plain, "text/markdown": markdown };
}

const RUNTIME_GLOBALS = "/nabla/runtime-globals.d.ts";
const PROBE = "/nabla/probe.ts";
/** The sandbox's own globals, for the type checker. */
const SANDBOX_GLOBALS = [
  "declare function display(value: unknown, options?: { id?: string; metadata?: Record<string, unknown> }): { id: string; update(value: unknown): void } | undefined;",
  "declare function clearOutput(options?: { wait?: boolean }): void;",
  "declare function prompt(message?: string, options?: { password?: boolean }): string;",
  ...["html", "md", "svg"].map((n) => `declare function ${n}(text: TemplateStringsArray | string, ...values: unknown[]): { [key: symbol]: () => Record<string, string> };`),
];

function signatureOf(service: ts.LanguageService, entry: ts.CompletionEntry, position: number): string {
  try {
    const details = service.getCompletionEntryDetails(CELL, position, entry.name, undefined, entry.source, undefined, entry.data);
    return details ? firstOverload(ts.displayPartsToString(details.displayParts)) : "";
  } catch {
    return "";
  }
}

/**
 * A function with overloads (grad, sum) as its first signature and how many more, as
 * TypeScript's hover shows a function's: the whole list, a dozen lines for grad, is too long
 * for the completer. `const f: {\n    (a: A): R;\n    (b: B): S;\n}` → `const f: (a: A): R (+1 overload)`.
 */
export function firstOverload(signature: string): string {
  const m = /^(const [\w$]+: )\{\n([\s\S]*)\n\}$/.exec(signature);
  if (m === null) return signature;
  const members: string[] = [];
  for (const line of m[2].split("\n")) {
    if (/^ {4}[<(]/.test(line)) members.push(line.trim());
    else if (members.length > 0) members[members.length - 1] += ` ${line.trim()}`;
  }
  if (members.length < 2) return signature;
  const more = members.length - 1;
  // The simplest call's signature: grad's hasAux overload comes first (see grad.ts), but grad(f) is what most write.
  const simplest = members.reduce((best, m) => (requiredParameters(m) < requiredParameters(best) ? m : best));
  return `${m[1]}${simplest.replace(/;$/, "")} (+${more} overload${more > 1 ? "s" : ""})`;
}

/** How many parameters of a signature `<T>(a: A, b?: B): R` are required (not `?`, not `...rest`). */
function requiredParameters(signature: string): number {
  let i = 0;
  if (signature[0] === "<") {
    for (let depth = 0; i < signature.length; i++) {
      if (signature[i] === "<") depth++;
      else if (signature[i] === ">" && signature[i - 1] !== "=" && --depth === 0) break;
    }
    i++;
  }
  if (signature[i] !== "(") return 0;
  const params: string[] = [];
  let current = "";
  for (let depth = 0, j = i + 1; j < signature.length; j++) {
    const c = signature[j];
    if ("([{<".includes(c)) depth++;
    else if (")]}".includes(c) || (c === ">" && signature[j - 1] !== "=")) {
      if (depth === 0) break;
      depth--;
    }
    if (c === "," && depth === 0) {
      params.push(current);
      current = "";
    } else current += c;
  }
  if (current.trim() !== "") params.push(current);
  return params.filter((p) => !/^\s*(\.\.\.|[\w$]+\?\s*:)/.test(p)).length;
}

function kindName(kind: ts.ScriptElementKind): string {
  switch (kind) {
    case ts.ScriptElementKind.functionElement:
    case ts.ScriptElementKind.localFunctionElement:
      return "function";
    case ts.ScriptElementKind.memberFunctionElement:
      return "method";
    case ts.ScriptElementKind.memberVariableElement:
    case ts.ScriptElementKind.memberGetAccessorElement:
      return "property";
    case ts.ScriptElementKind.classElement:
      return "class";
    case ts.ScriptElementKind.keyword:
      return "keyword";
    case ts.ScriptElementKind.interfaceElement:
    case ts.ScriptElementKind.typeElement:
      return "type";
    case ts.ScriptElementKind.moduleElement:
      return "module";
    default:
      return kind === ts.ScriptElementKind.constElement || kind === ts.ScriptElementKind.letElement || kind === ts.ScriptElementKind.variableElement ? "variable" : String(kind);
  }
}

/** A type the checker names for a dual number or tape variable of a number (the operator view's __ScalarDual too). */
const SCALAR = /^(?:__)?Scalar(?:Dual|Var)$/;
/** A number type, or a numeric literal type ('2', '-1.5'). */
const NUMERIC = /^(?:number|-?\d[\d.e+-]*)$/;

/** The parts of a union type as the checker prints it ('(number | ScalarDual)' → number, ScalarDual). */
function unionParts(type: string): string[] {
  return type.replace(/^\((.*)\)$/, "$1").split(" | ");
}

/** A dual number or tape variable of a number, or a union of those with numbers, holding at least one of them. */
function scalarOrNumber(type: string): boolean {
  const parts = unionParts(type);
  return parts.some((p) => SCALAR.test(p)) && parts.every((p) => SCALAR.test(p) || NUMERIC.test(p));
}

/** 'X' is not assignable to 'number' (or 'number[]'…) only because X holds dual numbers or tape variables for the numbers. */
function scalarForNumberLine(line: string): boolean {
  const m = /^\s*(?:Argument of type|Type) '([^']*)' is not assignable to (?:parameter of )?type 'number((?:\[\])*)'\.$/.exec(line);
  if (!m) return false;
  const depth = m[2].length / 2;
  // '(number | ScalarDual)[]' → its element type and depth.
  let arg = m[1];
  for (let k = 0; k < depth; k++) {
    if (!arg.endsWith("[]")) return false;
    arg = arg.slice(0, -2);
  }
  return scalarOrNumber(arg);
}

/**
 * Whether a warning is only that a dual number or tape variable holding a number, or an array
 * of them, is passed or assigned where a number (or an array of numbers) is declared: `sq(dual(3, 1))` for
 * `const sq = (x: number) => x * x`, forward mode by hand. In a cell it is a number there (the
 * operators and Math take it), so it is no error. So is a callback that returns one where a
 * number is expected (`[...xs].sort((a, b) => a - b)` on dual numbers: the reason TypeScript
 * gives last is the return type), and `xs.reduce((s, x) => s + x, 0)`, whose every overload
 * fails only for that reason.
 */
function scalarForNumber(d: CellDiagnostic): boolean {
  const lines = d.message.split("\n");
  if (d.code === 2345 || d.code === 2322) return scalarForNumberLine(lines[0]) || scalarForNumberLine(lines[lines.length - 1]);
  if (d.code !== 2769) return false;
  const overloads: string[][] = [];
  for (const line of lines.slice(1)) {
    if (/^\s*Overload \d+ of \d+,/.test(line)) overloads.push([]);
    else overloads[overloads.length - 1]?.push(line);
  }
  return overloads.length > 0 && overloads.every((o) => o.length > 0 && scalarForNumberLine(o[o.length - 1]));
}

/**
 * `switch (dual(2, 1)) { case 2: … }` (TS2678) and `d === 2` (TS2367) on a dual number or tape
 * variable of a number: in a cell these compare its value, so a number is comparable to it.
 * A string or a tensor-valued dual number still warns.
 */
function scalarComparedWithNumber(d: CellDiagnostic): boolean {
  const m =
    d.code === 2678 ? /^Type '([^']*)' is not comparable to type '([^']*)'\./.exec(d.message)
    : d.code === 2367 ? /^This comparison appears to be unintentional because the types '([^']*)' and '([^']*)' have no overlap\./.exec(d.message)
    : null;
  if (!m) return false;
  const [a, b] = [m[1], m[2]];
  const numeric = (t: string) => unionParts(t).every((p) => NUMERIC.test(p));
  return (scalarOrNumber(a) && (numeric(b) || scalarOrNumber(b))) || (scalarOrNumber(b) && numeric(a));
}

/** `xs.includes(1)`, `indexOf`, `lastIndexOf` on an array of dual numbers or tape variables find them by value (TS2345 on the number). */
function scalarSearchedByNumber(d: CellDiagnostic & { before: string }): boolean {
  if (d.code !== 2345 || !/\.\s*(?:includes|indexOf|lastIndexOf)\s*\(\s*$/.test(d.before)) return false;
  const m = /^Argument of type '([^']*)' is not assignable to parameter of type '([^']*)'\./.exec(d.message);
  return m !== null && unionParts(m[1]).every((p) => NUMERIC.test(p)) && scalarOrNumber(m[2]);
}

/**
 * `params = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, v - lr * g[k]]))`:
 * the same keys come back, but TypeScript types the result `{ [k: string]: Tensor }` and
 * warned that it lacks W and b (TS2739, TS2741). No warning when an object with a string index
 * signature made by Object.fromEntries is assigned (or declared) as an object of named keys.
 */
function entriesMappedBack(d: CellDiagnostic & { at: number }, file: ts.SourceFile): boolean {
  if (d.code !== 2739 && d.code !== 2741) return false;
  if (!/^(?:Type|Property '[^']*' is missing in type) '\{ \[\w+: string\]: [^']*; \}'/.test(d.message)) return false;
  const name = tokenAt(file, d.at);
  const parent = name?.parent;
  if (!name || !parent) return false;
  const value =
    ts.isBinaryExpression(parent) && parent.left === name && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken ? parent.right
    : ts.isVariableDeclaration(parent) && parent.name === name ? parent.initializer
    : undefined;
  return value !== undefined && ts.isCallExpression(value) && /^Object\s*\.\s*fromEntries$/.test(value.expression.getText(file));
}

/**
 * A `let` (or `var`) declared with a number and no type, `let acc = 0`, that the cell then
 * assigns a tensor, dual number or tape variable (`for (const T of Ts) acc = acc + T`): in a
 * cell that is no error, the variable holds the number and then the tensor. TypeScript types
 * it by its first value, `number`, and warned "Type 'Tensor' is not assignable to type
 * 'number'" (TS2322) at the assignment. Such a variable is read as declared `number | Tensor`
 * (the kinds assigned): after the assignment it is the tensor, and where it may still be the
 * number (after a loop that may not run) it is either. Returns, for each such declaration, the
 * cell offset of its name's end and the type to annotate it with.
 */
function widenedLets(code: string, errors: readonly { at: number; code: number; message: string }[]): Map<number, string> {
  const widened = new Map<number, Set<string>>();
  let file: ts.SourceFile | undefined;
  for (const e of errors) {
    if (e.code !== 2322) continue;
    // A tensor, or a dual number or tape variable of tensors ('Dual & { readonly value: Tensor; … }', TensorVar).
    const m = /^Type '((?:Tensor|Dual|Var)(?: & \{[^']*\})?|TensorVar)' is not assignable to type 'number'\.$/.exec(e.message.split("\n")[0]);
    if (!m) continue;
    const type = m[1] === "TensorVar" ? "(Var & { readonly value: Tensor; readonly grad: Tensor })" : m[1].includes("&") ? `(${m[1]})` : m[1];
    file ??= ts.createSourceFile("cell.ts", code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
    // acc = acc + T, or acc += T (the view writes it acc = __add(acc, T)).
    const target = tokenAt(file, e.at);
    const assignment = target?.parent;
    if (!target || !ts.isIdentifier(target) || !assignment || !ts.isBinaryExpression(assignment) || assignment.left !== target) continue;
    if (assignment.operatorToken.kind !== ts.SyntaxKind.EqualsToken && !COMPOUND_OPERATORS.has(assignment.operatorToken.kind)) continue;
    const declaration = declarationOf(file, target);
    if (!declaration) continue;
    const at = declaration.name.end;
    widened.set(at, (widened.get(at) ?? new Set(["number"])).add(type));
  }
  return new Map([...widened].map(([at, types]) => [at, [...types].join(" | ")]));
}


/** The innermost token at a position. */
function tokenAt(node: ts.Node, at: number): ts.Node | undefined {
  if (at < node.getStart() || at >= node.end) return undefined;
  for (const child of node.getChildren()) {
    const inner = tokenAt(child, at);
    if (inner) return inner;
  }
  return node;
}

/**
 * The declaration `let name = <number literal>` (no type) that an identifier refers to: the
 * nearest one before it in a block enclosing it (a plain reading of scopes, enough for a cell).
 */
function declarationOf(file: ts.SourceFile, name: ts.Identifier): ts.VariableDeclaration | undefined {
  let found: ts.VariableDeclaration | undefined;
  const visit = (node: ts.Node): void => {
    if (node.pos > name.pos) return;
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === name.text && node.end <= name.getStart()) {
      const list = node.parent;
      const scope = ts.findAncestor(list, (n) => ts.isBlock(n) || ts.isSourceFile(n) || ts.isForStatement(n) || ts.isFunctionLike(n));
      const inScope = scope !== undefined && name.getStart() >= scope.getStart() && name.end <= scope.end;
      found = inScope ? node : found;
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  if (!found || found.type || !found.initializer || !ts.isVariableDeclarationList(found.parent) || found.parent.flags & ts.NodeFlags.Const) return undefined;
  const init = ts.isPrefixUnaryExpression(found.initializer) && found.initializer.operator === ts.SyntaxKind.MinusToken ? found.initializer.operand : found.initializer;
  return ts.isNumericLiteral(init) ? found : undefined;
}

/**
 * The cell's text without the top-level value declarations that did not run (blanked, so
 * positions stay): a variable statement is kept when all its names ran, a function, class,
 * enum or namespace when its name did; types and other statements are kept.
 */
function declarationsThatRan(text: string, ran: ReadonlySet<string>): string {
  let kept = text;
  const file = ts.createSourceFile("cell.ts", text, ts.ScriptTarget.ES2022);
  for (const s of file.statements) {
    if ((s as ts.HasModifiers).modifiers?.some((m) => m.kind === ts.SyntaxKind.DeclareKeyword)) continue;
    let names: string[] = [];
    if (ts.isVariableStatement(s)) names = s.declarationList.declarations.flatMap((d) => bindingNames(d.name));
    else if ((ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s) || ts.isEnumDeclaration(s) || ts.isModuleDeclaration(s)) && s.name && ts.isIdentifier(s.name)) names = [s.name.text];
    if (names.every((n) => ran.has(n))) continue;
    const start = s.getStart(file), end = s.end;
    kept = kept.slice(0, start) + kept.slice(start, end).replace(/[^\n]/g, " ") + kept.slice(end);
  }
  return kept;
}

/**
 * Names a cell declares at top level, values and types alike. An augmentation (`declare
 * global { … }`, `declare module "m" { … }`) merges with others rather than replacing them:
 * it counts by its text, so only the same block in a later cell replaces it.
 */
function declaredNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const s of ts.createSourceFile("cell.ts", text, ts.ScriptTarget.ES2022).statements) {
    if (ts.isVariableStatement(s)) for (const d of s.declarationList.declarations) for (const n of bindingNames(d.name)) names.add(n);
    else if (ts.isModuleDeclaration(s) && (s.name.text === "global" || ts.isStringLiteral(s.name))) names.add(text.slice(s.pos, s.end).trim());
    else if ((ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s) || ts.isEnumDeclaration(s) || ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s) || ts.isModuleDeclaration(s)) && s.name) names.add(s.name.text);
  }
  return names;
}
