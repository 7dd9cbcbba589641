import { ARITHMETIC_OPERATORS, COMPARISON_OPERATORS, COMPOUND_OPERATORS } from "./operator-names";
import { ts } from "ts-morph";
import { bindingNames, isReference, redeclaredName, scopeNames } from "./scopes";
import { SourceMap, type SourceMapPayload } from "node:module";
import { objectLiteralCell, unwrappedPosition, type ObjectLiteralCell } from "./object-literal-cell";
import { hoistedVars, nestedVarLists, nestedVarNames, rewriteNestedVars } from "./nested-vars";
import { FUSED_COMPOUND, fusedExpression, fusedSiteName, fusedSiteSource, fusionLocals, isFusedOperation, primitivesOf, type FusedExpression, type FusedOperationSpan, type FusionNames } from "./fusion";
import { applyEdits, compilerInputPosition, lineStarts, positionAt, type Edit, type EditedText, type Position } from "./source-map";
import { contentKey, weakInterner } from "./weak-intern";

/** A cell ready to run: a script that calls the cell's function with the session scope. */
export interface TransformedCell {
  /** JavaScript; evaluating it runs the cell and returns its last expression's value (a promise when async). */
  readonly script: string;
  readonly isAsync: boolean;
  /** Top-level names this cell declares (they persist on the session scope). */
  readonly declared: readonly string[];
  /** Those of them that are constants (`const`, imports): writing to them throws. */
  readonly declaredConstants: readonly string[];
  /** Script position → cell position (1-based), null outside the cell's own code. */
  readonly cellPosition: (script: Position) => Position | null;
}

const PRELUDE_MARK = "__nabla_operator_prelude__";

/** A syntax error at a cell position (1-based line and column). */
export class CellSyntaxError extends SyntaxError {
  override name = "SyntaxError";
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${message} (${line}:${column})`);
  }
}

/** What the cell's function receives; the names used in the generated code. */
/**
 * What the cell's function receives. `Math` is the runtime's AD-aware Math, passed as a
 * parameter rather than replacing the global: the runtime itself (loaded in the same realm)
 * must keep the built-in.
 */
export const CELL_PARAMS = "scope, __import, __importDefault, __op, Math, __const, __tdz, __declLet, __declConst, __isArray = Array.isArray";

/**
 * The language's own globals, present in every realm: a cell reads each one it uses once,
 * into a local, as it does the runtime's names (`Number.isFinite(x)` → `__rt_Number.isFinite(x)`).
 * Code compiled in a vm context reads a global through the context's global object, whose
 * interceptors V8 cannot cache: in a loop, `Number.isFinite(i)` in a cell took 630× and
 * `Array.isArray(z)` 410× their time in Node. Not `Math` (a parameter of the cell), not
 * `Boolean` (rewritten to the cell's truthiness), not `eval` (a call of a local is not a direct
 * eval), not `undefined` (V8 reads it as a constant), not `globalThis`.
 */
export const LANGUAGE_GLOBALS: ReadonlySet<string> = new Set([
  "Object", "Function", "Array", "Number", "String", "Symbol", "BigInt", "JSON", "Reflect", "Promise", "Proxy", "Intl",
  "Map", "Set", "WeakMap", "WeakSet", "WeakRef", "Date", "RegExp",
  "Error", "TypeError", "RangeError", "SyntaxError", "ReferenceError", "EvalError", "URIError", "AggregateError",
  "ArrayBuffer", "DataView", "Float64Array", "Float32Array", "Int8Array", "Int16Array", "Int32Array", "Uint8Array", "Uint8ClampedArray",
  "Uint16Array", "Uint32Array", "BigInt64Array", "BigUint64Array",
  "parseInt", "parseFloat", "isFinite", "isNaN", "Infinity", "NaN", "encodeURIComponent", "decodeURIComponent", "encodeURI", "decodeURI",
]);

/** Operators routed through the runtime, so maths on dual numbers, tape variables and tensors works. */
const BINARY_OPERATORS = new Map<ts.SyntaxKind, string>([...ARITHMETIC_OPERATORS, ...COMPARISON_OPERATORS]);
/**
 * Operator functions as small locals of each cell: numbers take the plain operator right
 * here (V8 inlines these, so numeric loops keep native speed — measured: fib(30) 10 ms
 * against 25 ms when calling the runtime's functions directly); anything else goes to the
 * runtime's operators.
 */
const OPERATOR_PRELUDE = [
  // + of a string and anything but an object (a number, another string …) is JavaScript's own,
  // as the runtime's add would make it after its checks: text built in a loop keeps native speed,
  // and strings leave no feedback at the runtime's call, which otherwise (inlined there) slowed
  // every numeric + in the cell's other functions (measured: 0.74 → 3.2 ms for 10⁶ s += x).
  `const __add = (a, b) => typeof a === "number" && typeof b === "number" ? a + b : (typeof a === "string" || typeof b === "string") && typeof a !== "object" && typeof b !== "object" ? a + b : __op.add(a, b);`,
  ...[["sub", "-"], ["mul", "*"], ["div", "/"], ["mod", "%"], ["pow", "**"], ["lt", "<"], ["le", "<="], ["gt", ">"], ["ge", ">="], ["eq", "=="], ["ne", "!="]].map(
    ([name, op]) => `const __${name} = (a, b) => typeof a === "number" && typeof b === "number" ? a ${op} b : __op.${name}(a, b);`,
  ),
  // === and !== are JavaScript's own unless an operand is an object (a dual number or tape variable compares by value).
  ...[["seq", "==="], ["sne", "!=="]].map(([name, op]) => `const __${name} = (a, b) => typeof a !== "object" && typeof b !== "object" ? a ${op} b : __op.${name}(a, b);`),
  `const __neg = (a) => typeof a === "number" ? -a : __op.neg(a);`,
  `const __plus = (a) => typeof a === "number" ? a : __op.plus(a);`,
  // x++ on anything but an object is JavaScript's own (a bigint gets 1n, a string becomes a
  // number: "5"++ is 6, not "51"); a dual number, tape variable or tensor gets add(x, 1).
  `const __inc = (a) => typeof a === "object" && a !== null ? __op.add(a, 1) : ++a;`,
  `const __dec = (a) => typeof a === "object" && a !== null ? __op.sub(a, 1) : --a;`,
  `const __cset = (o, k, f) => (o[k] = f(o[k]));`,
  // The value of x++ (its old value): JavaScript's ToNumeric — a dual number, tape variable or
  // tensor as it is, a bigint too, anything else as +x ("5"++ is 5) —; a[i]++ through __cpost.
  `const __old = (a, _) => typeof a === "number" || typeof a === "bigint" ? a : __op.plus(a);`,
  `const __cpost = (o, k, f) => { const a = o[k]; o[k] = f(a); return __old(a); };`,
  // a[i * n + j] += x with an operand that reads only (see readsOnly): no closure made per update.
  ...["add", "sub", "mul", "div", "mod", "pow"].map((name) => `const __c${name} = (o, k, x) => (o[k] = __${name}(o[k], x));`),
  // Truthiness: an object is always truthy in JavaScript, but a dual number or tape variable
  // stands for a number, falsy at 0 (x || 1 at x = 0 took x). b is a thunk: || and && short-circuit.
  `const __truthy = (a) => typeof a === "object" && a !== null ? __op.truthy(a) : a;`,
  `const __not = (a) => typeof a === "object" && a !== null ? !__op.truthy(a) : !a;`,
  `const __or = (a, b) => (typeof a === "object" && a !== null ? __op.truthy(a) : a) ? a : b();`,
  `const __and = (a, b) => (typeof a === "object" && a !== null ? __op.truthy(a) : a) ? b() : a;`,
  // Boolean passed as a function (xs.filter(Boolean)): the same truthiness, as a boolean.
  // The prelude reads no global when it runs (!!a is Boolean(a); __isArray, a parameter, is read
  // once per cell run): through the vm context's global object, xs.includes(v) in a cell's loop
  // took 35× its time in Node, xs.filter(Boolean) 35×.
  `const __boolean = (a) => typeof a === "object" && a !== null ? __op.truthy(a) : !!a;`,
  // typeof x: a dual number or tape variable standing for a number is a "number", as its type says.
  `const __typeof = (a) => typeof a === "object" && a !== null ? __op.typeOf(a) : typeof a;`,
  // xs.includes(x), indexOf, lastIndexOf on an array: dual numbers and tape variables by value.
  // Anything else is its own method; one it does not have fails as JavaScript's call would.
  `const __search = (o, m, ...args) => { if (__isArray(o)) return __op.search(o, m, args); const f = o[m]; if (typeof f !== "function") __op.notAMethod(o, m); return f.apply(o, args); };`,
  // A case of switch (x): compared as x === y is, a dual number or tape variable by its value;
  // the label itself when neither is an object (JavaScript's own ===), else x or no match.
  `const __noCase = {}; const __caseOf = (s, l) => (typeof s === "object" && s !== null) || (typeof l === "object" && l !== null) ? (__op.seq(s, l) ? s : __noCase) : l;`,
].join(" ");

/**
 * Turns a TypeScript cell into a script. Top-level declarations become properties of the
 * session scope (so they persist and may be declared again when a cell is re-run), every
 * reference to a session name becomes `scope.name` (fast: the scope is a parameter),
 * imports become dynamic imports, and the last expression is returned. Edits are made in
 * place on the source text, so the cell's lines stay where they were; the TypeScript
 * compiler then erases the types, and its source map and the edits give positions in the cell.
 * `sessionConstants` are the session names declared `const` (or imported) by the cell that
 * declared them last: a write to one goes through `__const`, which throws as JavaScript does.
 * `runtimeNames` are the runtime's exports, globals of every cell: a cell reads each one it
 * uses once, into a local (`sin` → `__rt_sin`); so are the language's own globals (LANGUAGE_GLOBALS).
 */
export function transformCell(
  code: string,
  sessionNames: ReadonlySet<string>,
  sessionConstants: ReadonlySet<string> = new Set(),
  runtimeNames: ReadonlySet<string> = new Set(),
): TransformedCell {
  const objectLiteral = objectLiteralCell(code);
  if (objectLiteral !== null) {
    const cell = transformCell(objectLiteral.code, sessionNames, sessionConstants, runtimeNames);
    return { ...cell, cellPosition: unwrappedMap(cell.cellPosition, objectLiteral) };
  }
  const sf = ts.createSourceFile("cell.ts", code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const diagnostics = (sf as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics ?? [];
  if (diagnostics.length > 0) {
    const d = diagnostics[0];
    const { line, character } = sf.getLineAndCharacterOfPosition(d.start ?? 0);
    throw new CellSyntaxError(ts.flattenDiagnosticMessageText(d.messageText, "\n"), line + 1, character + 1);
  }
  const redeclared = redeclaredName(sf);
  if (redeclared) {
    const { line, character } = sf.getLineAndCharacterOfPosition(redeclared.getStart());
    throw new CellSyntaxError(`Identifier '${redeclared.text}' has already been declared`, line + 1, character + 1);
  }

  const nestedVars = nestedVarLists(sf);
  const nestedVarNamesOfCell = nestedVarNames(nestedVars);
  const declared = [...new Set([...topLevelNames(sf), ...nestedVarNamesOfCell])];
  const names = new Set([...sessionNames, ...declared]);
  // This cell's own declarations decide: `const c` in a later cell makes c a constant, `let c` makes it writable again.
  const declaredConstants = topLevelConstants(sf);
  const constants = new Set([...[...sessionConstants].filter((n) => !declared.includes(n)), ...declaredConstants]);
  const edits: Edit[] = [];
  const prelude: string[] = [];
  let isAsync = false;
  const initializedAt = lexicalDeclarationEnds(sf);
  /** This cell's top-level `const` names, each also held in a local `__s_name` (see rewriteTopLevel). */
  const cellConstants = new Set<string>();

  rewriteNestedVars(nestedVars, "__declLet", edits);
  prelude.push(...hoistedVars(nestedVarNamesOfCell, "__declLet"));

  for (const statement of sf.statements) {
    if (ts.isImportDeclaration(statement) || ts.isImportEqualsDeclaration(statement)) {
      const text = importReplacement(statement);
      if (text.includes("await")) isAsync = true;
      edits.push({ start: statement.getStart(), end: statement.end, text });
      continue;
    }
    if (ts.isExportDeclaration(statement) || ts.isExportAssignment(statement)) {
      edits.push({ start: statement.getStart(), end: statement.end, text: "" });
      continue;
    }
    rewriteTopLevel(statement, edits, prelude, cellConstants);
  }

  const isSessionRef = (node: ts.Identifier, shadowed: readonly Set<string>[]): boolean =>
    names.has(node.text) && isReference(node) && !shadowed.some((s) => s.has(node.text));
  /**
   * A runtime function the cell names (sin, grad, tensor) and does not declare: read from the
   * global once per run, into a local. Looked up on the vm context's global object at each
   * use, every call went through the context's interceptors: sin(i) 10⁶ times took 75 ms in a
   * cell against 13 ms for Math.sin(i). Not a name the cell assigns to (`sin = …`, or
   * `globalThis.sin = …`), whose reads after the assignment must see it, nor one it declares
   * with `var` (in a block, say).
   */
  const usedRuntime = new Set<string>();
  /** How many switch statements the cell has rewritten: each holds its discriminant in __swN. */
  let switches = 0;
  const isGlobalName = (name: string): boolean => runtimeNames.has(name) || LANGUAGE_GLOBALS.has(name);
  const assignedRuntime = assignedOrDeclaredNames(sf, isGlobalName);
  const isRuntimeRef = (node: ts.Identifier, shadowed: readonly Set<string>[]): boolean =>
    isGlobalName(node.text) && !names.has(node.text) && !assignedRuntime.has(node.text) && isReference(node) && !shadowed.some((s) => s.has(node.text));
  /**
   * Whether `typeof e` may become a call: not for a name that may be undeclared (a global
   * the cell does not know), where typeof gives "undefined" and a call would throw.
   */
  const mayReadTypeOf = (e: ts.Expression, shadowed: readonly Set<string>[]): boolean => {
    while (ts.isParenthesizedExpression(e)) e = e.expression;
    if (!ts.isIdentifier(e)) return true;
    return names.has(e.text) || isGlobalName(e.text) || shadowed.some((s) => s.has(e.text));
  };
  const isGlobalBoolean = (node: ts.Expression, shadowed: readonly Set<string>[]): boolean =>
    ts.isIdentifier(node) && node.text === "Boolean" && !names.has(node.text) && !shadowed.some((s) => s.has(node.text));
  /**
   * What a session name's reference reads from: the scope, or for a write to a constant the
   * scope's guard, which throws JavaScript's TypeError. Constants stay plain properties of the
   * scope — as fast to read as any name, and a later cell may declare them again.
   */
  const holder = (node: ts.Identifier): string => {
    // Used before its let/const/class in this cell, by code that runs right there: in its temporal dead zone.
    if (node.getStart() < (initializedAt.get(node.text) ?? -1) && !deferred(node)) return "__tdz";
    return constants.has(node.text) && isWriteTarget(node) ? "__const" : "scope";
  };
  /**
   * How a session name's reference reads: `scope.x` (or a guard), or for a constant of this
   * cell read by the cell's own top-level code after its declaration, the local that holds it
   * (`__s_x`): nothing can change it while the cell runs, and a loop at the top of a cell then
   * reads a local rather than a property of the scope (a 60×60 matrix product written at the
   * top of a cell took 2–3× the same code as a script in Node). Functions keep `scope.x`: they
   * may run after a later cell declares x again.
   */
  const refPrefix = (node: ts.Identifier): string => {
    const h = holder(node);
    // A callee stays `scope.f(…)`: the call's `this` is what it was.
    const callee = (ts.isCallExpression(node.parent) || ts.isTaggedTemplateExpression(node.parent)) && (ts.isCallExpression(node.parent) ? node.parent.expression : node.parent.tag) === node;
    return h === "scope" && cellConstants.has(node.text) && !callee && !deferred(node) ? "__s_" : `${h}.`;
  };
  /** Source text of a simple assignment target, with the scope prefix where it needs one. */
  const targetText = (node: ts.Expression, shadowed: readonly Set<string>[]): string | null => {
    if (ts.isIdentifier(node)) return isSessionRef(node, shadowed) ? `${refPrefix(node)}${node.text}` : node.text;
    // o.a.b, y[i], A[i][j], v[0]: names and literal keys, read twice without side effects
    // (a plain `y[i] = __add(y[i], x)` keeps numeric loops at native speed).
    if (ts.isPropertyAccessExpression(node) && !node.questionDotToken) {
      const base = node.expression.kind === ts.SyntaxKind.ThisKeyword ? "this" : targetText(node.expression, shadowed);
      return base === null ? null : `${base}.${node.name.text}`;
    }
    if (ts.isElementAccessExpression(node) && !node.questionDotToken) {
      const base = node.expression.kind === ts.SyntaxKind.ThisKeyword ? "this" : targetText(node.expression, shadowed);
      const arg = node.argumentExpression;
      const key = ts.isNumericLiteral(arg) || ts.isStringLiteral(arg) ? arg.getText() : targetText(arg, shadowed);
      return base === null || key === null ? null : `${base}[${key}]`;
    }
    return null;
  };
  /**
   * An update of `a[k]` whose key is computed (`a[i * n + j]`, `a[f()].w`) as `__cset(a, k, f)`:
   * a and k evaluated once, then a[k] read, f applied and the result stored, in JavaScript's
   * order. `before` is what precedes `a` (the `++` of ++a[i], replaced); the text from the key's
   * end to `tailEnd` (`] +=`, `]++`) becomes `, fText`.
   */
  const elementUpdate = (target: UpdatableTarget, before: { start: number; end: number }, tailEnd: number, fText: string, depth: number, helper = "__cset"): void => {
    edits.push({ start: before.start, end: before.end, text: `${helper}(`, rank: 100 + depth });
    if (ts.isElementAccessExpression(target)) {
      edits.push({ start: target.expression.end, end: target.argumentExpression.getStart(), text: ", " });
      edits.push({ start: target.argumentExpression.end, end: tailEnd, text: `, ${fText}` });
    } else {
      edits.push({ start: target.expression.end, end: tailEnd, text: `, ${JSON.stringify(target.name.text)}, ${fText}` });
    }
  };

  /** Fused expressions (fusion.ts): each site's functions, for the prelude, and the primitives they use. */
  const fusing = process.env.NABLA_FUSION !== "0";
  const fusedSites: { text: string; operations: FusedOperationSpan[] }[] = [];
  const fusedPrimitives = { unary: new Set<string>(), binary: new Set<string>() };
  const mathAssigned = assignedOrDeclaredNames(sf, (name) => name === "Math").size > 0;
  const fusionNames = (shadowed: readonly Set<string>[]): FusionNames => ({
    mathIsCellMath: () => !names.has("Math") && !mathAssigned && !shadowed.some((s) => s.has("Math")),
    runtimeFunction: (id) => (isRuntimeRef(id, shadowed) ? `__rt_${id.text}` : null),
  });
  /**
   * Makes a fused expression's site: its functions in the prelude, and the edits that turn the
   * expression (from `from` to `to`, `opening` before its first argument) into the site's call
   * on its arguments. `keys` are the arguments' texts, `first` a target read as the first argument.
   */
  const makeFusedSite = (fused: FusedExpression, keys: readonly string[], from: number, to: number, opening: (name: string) => string, depth: number): void => {
    const name = fusedSiteName(fusedSites.length, fused.tree);
    fusedSites.push(fusedSiteSource(name, fused.tree, keys));
    primitivesOf(fused.tree, fusedPrimitives);
    for (const r of fused.runtime) usedRuntime.add(r);
    const { args } = fused;
    if (args.length === 0) {
      edits.push({ start: from, end: to, text: `${opening(name)})` });
      return;
    }
    edits.push({ start: from, end: args[0].getStart(), text: opening(name), rank: 100 + depth });
    for (let k = 0; k + 1 < args.length; k++) edits.push({ start: args[k].end, end: args[k + 1].getStart(), text: ", " });
    edits.push({ start: args[args.length - 1].end, end: to, text: ")", rank: 5_000 - depth });
  };
  /**
   * The expression at node as one fused call, when it is one (fusion.ts): returns true once
   * its edits are made and its arguments visited.
   */
  const fuse = (node: ts.Node, shadowed: readonly Set<string>[], depth: number): boolean => {
    // Only an operator or a call can start one (and NABLA_FUSION=0 turns fusion off).
    if (!fusing || !(ts.isBinaryExpression(node) || ts.isPrefixUnaryExpression(node) || ts.isCallExpression(node))) return false;
    const names = fusionNames(shadowed);
    if (ts.isBinaryExpression(node) && FUSED_COMPOUND.has(node.operatorToken.kind)) {
      // s += e → s = __fz0_add(s, …e's arguments): the target is the first argument.
      const target = targetText(node.left, shadowed);
      const fused = target === null ? null : fusedExpression(node.right, names, { name: FUSED_COMPOUND.get(node.operatorToken.kind)!, at: node.operatorToken.getStart() });
      if (fused === null) return false;
      const op = node.operatorToken;
      makeFusedSite(fused, [target!, ...fused.args.map((a) => a.getText())], op.getStart(), node.end, (name) => `= ${name}(${target}${fused.args.length > 0 ? ", " : ""}`, depth + 1);
      visit(node.left, shadowed, depth);
      for (const a of fused.args) visit(a, shadowed, depth + 1);
      return true;
    }
    if (!(ts.isExpression(node) && isFusedOperation(node, names)) || isElementKey(node)) return false;
    const fused = fusedExpression(node, names);
    if (fused === null) return false;
    makeFusedSite(fused, fused.args.map((a) => a.getText()), node.getStart(), node.end, (name) => `${name}(`, depth + 1);
    for (const a of fused.args) visit(a, shadowed, depth + 1);
    return true;
  };

  // Operators and references to session names anywhere in the cell.
  const visit = (node: ts.Node, shadowed: readonly Set<string>[], depth: number): void => {
    // `class B extends A<T>`: A is a value (only its type arguments are types).
    if (ts.isExpressionWithTypeArguments(node) && ts.isHeritageClause(node.parent) && node.parent.token === ts.SyntaxKind.ExtendsKeyword && ts.isClassLike(node.parent.parent)) {
      visit(node.expression, shadowed, depth);
      return;
    }
    if (ts.isTypeNode(node) || ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node) || ts.isImportDeclaration(node) || ts.isImportEqualsDeclaration(node)) return;
    if (ts.isAwaitExpression(node) || (ts.isForOfStatement(node) && node.awaitModifier)) {
      if (!insideFunction(node)) isAsync = true;
    }
    if (ts.isCallExpression(node) && isGlobalBoolean(node.expression, shadowed) && !node.questionDotToken && node.arguments.length === 1 && !ts.isSpreadElement(node.arguments[0])) {
      // Boolean(x) → !__not(x): the conversion !x makes (an object is always true, so Boolean(x)
      // of a dual number at 0 was true where the number's is false).
      edits.push({ start: node.expression.getStart(), end: node.expression.end, text: "!__not" });
    }
    if (isGlobalBoolean(node as ts.Expression, shadowed) && ts.isCallExpression(node.parent) && node.parent.arguments.includes(node as ts.Expression)) {
      // xs.filter(Boolean) → xs.filter(__boolean): Boolean of a dual number at 0 was true.
      edits.push({ start: node.getStart(), end: node.end, text: "__boolean" });
      return;
    }
    let childDepth = depth;
    if (ts.isTypeOfExpression(node) && mayReadTypeOf(node.expression, shadowed)) {
      // typeof x → __typeof(x): (x: number) => typeof x === "number" ? … took the other branch
      // for a dual number (an object), and the derivative of the wrong expression came out.
      edits.push({ start: node.getStart(), end: node.expression.getStart(), text: "__typeof(", rank: 100 + depth });
      edits.push({ start: node.end, end: node.end, text: ")", rank: 5_000 - depth });
      childDepth = depth + 1;
    }
    const searched = ts.isCallExpression(node) ? searchCall(node) : null;
    if (searched !== null) {
      // xs.includes(x) → __search(xs, "includes", x): an array search compares by identity, so a
      // dual number was never found ([1, 2, 3].includes(x) at x = 2 was false).
      const { call, receiver, method } = searched;
      edits.push({ start: call.getStart(), end: call.getStart(), text: "__search(", rank: 100 + depth });
      edits.push({ start: receiver.end, end: call.arguments.pos, text: `, ${JSON.stringify(method)}${call.arguments.length > 0 ? ", " : ""}` });
      childDepth = depth + 1;
    }
    if (ts.isSwitchStatement(node)) {
      // switch (x) { case y: … } → { const __sw0 = x; switch (__sw0) { case __caseOf(__sw0, y): … } }:
      // === of a dual number and a number compares the object, so no case matched (the default's
      // derivative). Each label is compared as x === y is in a cell, in JavaScript's order, and
      // the comparison is a branch latex(f) can name.
      const name = `__sw${switches++}`;
      const discriminant = node.expression;
      edits.push({ start: node.getStart(), end: discriminant.getStart(), text: `{ const ${name} = ` });
      edits.push({ start: discriminant.end, end: node.caseBlock.getStart(), text: `; switch (${name}) ` });
      edits.push({ start: node.end, end: node.end, text: " }", rank: 5_000 - depth });
      for (const clause of node.caseBlock.clauses) {
        if (!ts.isCaseClause(clause)) continue;
        edits.push({ start: clause.expression.getStart(), end: clause.expression.getStart(), text: `__caseOf(${name}, `, rank: 100 + depth });
        edits.push({ start: clause.expression.end, end: clause.expression.end, text: ")", rank: 5_000 - depth });
      }
      childDepth = depth + 1;
    }
    if (ts.isExpression(node) && !ts.isParenthesizedExpression(node.parent) && isTested(node) && !isLogical(node) && !isBooleanSyntax(node)) {
      // if (x), while (x), for (; x; ), x ? a : b → __truthy(x); if (x && y) → if (__truthy(x) && __truthy(y)).
      // Wrapped once, outside any parentheses; the node's own rewrite (__add(…)) goes inside.
      edits.push({ start: node.getStart(), end: node.getStart(), text: "__truthy(", rank: 100 + depth });
      edits.push({ start: node.end, end: node.end, text: ")", rank: 5_000 - depth });
      childDepth = depth + 1;
    }
    if (ts.isIdentifier(node) && isSessionRef(node, shadowed)) {
      if (ts.isShorthandPropertyAssignment(node.parent)) {
        edits.push({ start: node.getStart(), end: node.end, text: `${node.text}: ${refPrefix(node)}${node.text}` });
      } else {
        edits.push({ start: node.getStart(), end: node.getStart(), text: refPrefix(node), rank: 10_000 });
      }
      return;
    }
    if (ts.isIdentifier(node) && isRuntimeRef(node, shadowed)) {
      usedRuntime.add(node.text);
      const local = `__rt_${node.text}`;
      edits.push(ts.isShorthandPropertyAssignment(node.parent) ? { start: node.getStart(), end: node.end, text: `${node.text}: ${local}` } : { start: node.getStart(), end: node.getStart(), text: "__rt_", rank: 10_000 });
      return;
    }
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      // import("x") → __import("x"): a vm script has no dynamic-import callback of its own
      // ("A dynamic import callback was not specified"), and x resolves from the notebook.
      edits.push({ start: node.expression.getStart(), end: node.expression.end, text: "__import" });
    }
    if (fuse(node, shadowed, childDepth)) return;
    const logicalAssignment = ts.isBinaryExpression(node) ? LOGICAL_ASSIGNMENTS.get(node.operatorToken.kind) : undefined;
    const logicalTarget = logicalAssignment && ts.isBinaryExpression(node) ? targetText(node.left, shadowed) : null;
    const logicalName = ts.isBinaryExpression(node) && LOGICAL_OPERATORS.has(node.operatorToken.kind) && ts.isIdentifier(node.left) ? targetText(node.left, shadowed) : null;
    if (ts.isBinaryExpression(node) && logicalName !== null && !isBooleanSyntax(node.left) && !isTested(node)) {
      // x || b → (__truthy(x) ? x : (b)); x && b → (__truthy(x) ? (b) : x): a name costs nothing
      // to read twice, and there is no closure (x || 1 in a loop of numbers took 2× plain Node
      // through __or); b may await or yield.
      const op = node.operatorToken;
      const or = op.kind === ts.SyntaxKind.BarBarToken;
      edits.push({ start: node.getStart(), end: node.getStart(), text: "(__truthy(", rank: 100 + childDepth });
      edits.push({ start: op.getStart(), end: op.end, text: or ? `) ? ${logicalName} : (` : ") ? (" });
      edits.push({ start: node.end, end: node.end, text: or ? "))" : `) : ${logicalName})`, rank: 5_000 - childDepth });
      childDepth += 1;
    } else if (ts.isBinaryExpression(node) && LOGICAL_OPERATORS.has(node.operatorToken.kind) && !isBooleanSyntax(node.left) && !suspends(node.right) && !isTested(node)) {
      // a || b → __or(a, () => (b)); a && b → __and(a, () => (b)): b is evaluated only when needed
      const op = node.operatorToken;
      edits.push({ start: node.getStart(), end: node.getStart(), text: `${LOGICAL_OPERATORS.get(op.kind)}(`, rank: 100 + childDepth });
      edits.push({ start: op.getStart(), end: op.end, text: ", () => (" });
      edits.push({ start: node.end, end: node.end, text: "))", rank: 5_000 - childDepth });
      childDepth += 1;
    } else if (ts.isBinaryExpression(node) && logicalAssignment && logicalTarget !== null && !suspends(node.right)) {
      // y ||= b → __or(y, () => (y = b)), as y || (y = b) is: y is assigned only when it is falsy
      // (it took JavaScript's truthiness, so y ||= 5 * x at x = 0 kept x). A target with a
      // computed key (a[f()] ||= b) keeps JavaScript's operator: its key must be evaluated once.
      const op = node.operatorToken;
      edits.push({ start: node.getStart(), end: node.getStart(), text: `${logicalAssignment}(`, rank: 100 + childDepth });
      edits.push({ start: op.getStart(), end: op.end, text: `, () => (${logicalTarget} =` });
      edits.push({ start: node.end, end: node.end, text: "))", rank: 5_000 - childDepth });
      childDepth += 1;
    } else if (ts.isBinaryExpression(node)) {
      const op = node.operatorToken;
      const fn = BINARY_OPERATORS.get(op.kind);
      const compound = COMPOUND_OPERATORS.get(op.kind);
      const target = compound ? targetText(node.left, shadowed) : null;
      if (fn) {
        // a * b → __mul(a, b)
        edits.push({ start: node.getStart(), end: node.getStart(), text: `${fn}(`, rank: 100 + childDepth });
        edits.push({ start: op.getStart(), end: op.end, text: "," });
        edits.push({ start: node.end, end: node.end, text: ")", rank: 5_000 - childDepth });
        childDepth += 1;
      } else if (compound && target !== null) {
        // s += x → s = __add(s, x)
        edits.push({ start: op.getStart(), end: op.end, text: `= ${compound}(${target},` });
        edits.push({ start: node.end, end: node.end, text: ")", rank: 5_000 - childDepth });
        childDepth += 1;
      } else if (compound && isUpdatable(node.left) && readsOnly(node.right)) {
        // C[i * n + j] += A[i * n + k] * b → __cadd(C, i * n + j, A[i * n + k] * b): an operand that
        // only reads gives the same whether it is evaluated before or after C[…] is read, and
        // no closure is made per update (measured, a[i % 100] += i * 0.5 through __cset and its
        // closure: 5.4× plain Node, the closure holding the loop's per-iteration i).
        const at = node.left.getStart();
        elementUpdate(node.left, { start: at, end: at }, op.end, "", childDepth, `__c${compound.slice(2)}`);
        edits.push({ start: node.end, end: node.end, text: ")", rank: 5_000 - childDepth });
        childDepth += 1;
      } else if (compound && isUpdatable(node.left) && !suspends(node.right)) {
        // acc[i] += f(x) → __cset(acc, i, (__v) => __add(__v, f(x))); not when x awaits or yields
        const at = node.left.getStart();
        elementUpdate(node.left, { start: at, end: at }, op.end, `(__v) => ${compound}(__v,`, childDepth);
        edits.push({ start: node.end, end: node.end, text: "))", rank: 5_000 - childDepth });
        childDepth += 1;
      }
    } else if (isIncrement(node)) {
      // x++ / ++x / x-- / --x whose value is not used (statements, for-loop updates):
      // x = __inc(x), so a differentiable x keeps its derivative. Where the value is used, ++x
      // is (x = __inc(x)), its new value, and x++ is the old value: JavaScript's own operator on
      // a number (index arithmetic, a[i++], keeps native speed), else __old(x, x = __inc(x)).
      // (const old = y[0]++ on a dual number threw DerivativeLostError.)
      const n = node as ts.PrefixUnaryExpression | ts.PostfixUnaryExpression;
      const unused = isIncrementWithUnusedValue(n);
      const postfixValue = !unused && ts.isPostfixUnaryExpression(n);
      const target = targetText(n.operand, shadowed);
      const increment = n.operator === ts.SyntaxKind.PlusPlusToken;
      const fn = increment ? "__inc" : "__dec";
      if (target !== null) {
        const update = `${target} = ${fn}(${target})`;
        const text = unused ? update : postfixValue ? `(typeof ${target} === "number" ? ${target}${increment ? "++" : "--"} : __old(${target}, ${update}))` : `(${update})`;
        edits.push({ start: node.getStart(), end: node.end, text });
        return;
      }
      if (isUpdatable(n.operand)) {
        // a[i]++ → __cset(a, i, __inc), its new value; with the old value used, __cpost(a, i, __inc)
        const prefix = ts.isPrefixUnaryExpression(n);
        elementUpdate(n.operand, { start: node.getStart(), end: prefix ? n.operand.getStart() : node.getStart() }, node.end, `${fn})`, childDepth, postfixValue ? "__cpost" : "__cset");
      }
    } else if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.ExclamationToken && !isBooleanSyntax(node.operand)) {
      // !x → __not(x)
      edits.push({ start: node.getStart(), end: node.getStart() + 1, text: "__not(", rank: 100 + childDepth });
      edits.push({ start: node.end, end: node.end, text: ")", rank: 5_000 - childDepth });
      childDepth += 1;
    } else if (ts.isPrefixUnaryExpression(node) && (node.operator === ts.SyntaxKind.MinusToken || node.operator === ts.SyntaxKind.PlusToken)) {
      if (!(ts.isNumericLiteral(node.operand) && node.operator === ts.SyntaxKind.MinusToken)) {
        // -x → __neg(x); the operator sign itself is replaced
        const fn = node.operator === ts.SyntaxKind.MinusToken ? "__neg" : "__plus";
        edits.push({ start: node.getStart(), end: node.getStart() + 1, text: `${fn}(` });
        edits.push({ start: node.end, end: node.end, text: ")", rank: 5_000 - childDepth });
        childDepth += 1;
      }
    }
    const own = scopeNames(node);
    const inner = own ? [...shadowed, own] : shadowed;
    ts.forEachChild(node, (child) => visit(child, inner, childDepth));
  };
  for (const statement of sf.statements) visit(statement, [], 0);

  // The last expression is the cell's value.
  const last = cellValueStatement(sf);
  if (last) {
    edits.push({ start: last.getStart(), end: last.getStart(), text: "return (", rank: 0 });
    const end = last.expression.end;
    edits.push({ start: end, end, text: ")", rank: 9_000 });
  }

  const body = applyEdits(code, edits);
  // The operator prelude is plain JavaScript: it goes in after the TypeScript pass (on the same
  // line, so line numbers hold), which keeps transpiling a small cell cheap.
  const runtimeLocals = [...usedRuntime].map((name) => `const __rt_${name} = ${name};`);
  const fusionPrelude = fusedSites.length === 0 ? "" : ` ${fusionLocals(fusedPrimitives)} ${fusedSites.map((site) => site.text).join(" ")}`;
  const header = `(${isAsync ? "async " : ""}function (${CELL_PARAMS}) {${PRELUDE_MARK}; ${[...runtimeLocals, ...prelude].join(" ")}\n`;
  const wrapped = `${header}${body.text}\n})`;
  const out = ts.transpileModule(wrapped, {
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.None,
      sourceMap: true,
      inlineSources: false,
      removeComments: false,
      experimentalDecorators: true,
    },
    fileName: "cell.ts",
  });
  const js = out.outputText
    .replace(/\/\/# sourceMappingURL=.*\s*$/, "")
    .trimEnd()
    .replace(/;$/, "")
    .replace(`${PRELUDE_MARK};`, OPERATOR_PRELUDE + fusionPrelude);
  return {
    script: `${js}(__nabla.scope, __nabla.importModule, __nabla.importDefault, __nabla.operators, __nabla.Math, __nabla.constGuard, __nabla.tdzGuard, __nabla.declareLet, __nabla.declareConst)`,
    isAsync,
    declared,
    declaredConstants,
    cellPosition: sharedPositionMap(out.sourceMapText, wrapped, header.length, body, code, fusedOperationSpans(js, fusedSites)),
  };
}

/**
 * Where each fused site's operations are in the final script: per operation its line, first and
 * end column (1-based) and its offset in the cell, four integers each (a cell's map is kept for
 * the session's tracebacks: a list of objects doubled its size).
 */
function fusedOperationSpans(js: string, sites: readonly { text: string; operations: readonly FusedOperationSpan[] }[]): Int32Array {
  const spans: number[] = [];
  const lines = sites.length === 0 ? [] : lineStarts(js);
  for (const site of sites) {
    const start = js.indexOf(site.text);
    if (start < 0) continue;
    // A site is on one line (the prelude's): its operations' columns are offsets from the site's.
    const { line, column } = positionAt(lines, start);
    for (const o of site.operations) spans.push(line, column + o.from, column + o.to, o.at);
  }
  return Int32Array.from(spans);
}

/** The key of x[…] (index arithmetic, `i * n + j`): on numbers it gains nothing from fusion. */
function isElementKey(node: ts.Node): boolean {
  let e = node;
  while (ts.isParenthesizedExpression(e.parent)) e = e.parent;
  return ts.isElementAccessExpression(e.parent) && e.parent.argumentExpression === e;
}

/** The position maps in use, one per distinct transform (see weak-intern.ts). */
const internPositionMap = weakInterner<(script: Position) => Position | null>();

/**
 * positionMap's map, shared with every earlier transform that gave the same map and is still
 * kept: the same cell run again is transformed the same way, and the executor keeps each run's
 * map for the session. The key is everything the map reads.
 */
function sharedPositionMap(sourceMapText: string | undefined, wrapped: string, headerLength: number, body: EditedText, code: string, operations: Int32Array): (script: Position) => Position | null {
  const key = contentKey([sourceMapText ?? "", wrapped, String(headerLength), body.table, code, operations]);
  return internPositionMap(key, () => positionMap(sourceMapText, wrapped, headerLength, body, code, operations));
}

/** unwrappedMap's maps: per map of the wrapped cell, per place of the `;(` (one, like the map, for a cell run again). */
const unwrappedMaps = new WeakMap<(script: Position) => Position | null, Map<string, (script: Position) => Position | null>>();

/** The map of an object-literal cell (object-literal-cell.ts): the wrapped cell's map, then back over the `;(`. */
function unwrappedMap(wrappedMap: (script: Position) => Position | null, objectLiteral: ObjectLiteralCell): (script: Position) => Position | null {
  let byPlace = unwrappedMaps.get(wrappedMap);
  if (!byPlace) unwrappedMaps.set(wrappedMap, (byPlace = new Map()));
  const place = `${objectLiteral.line}:${objectLiteral.column}`;
  let map = byPlace.get(place);
  if (!map) {
    map = (script) => {
      const p = wrappedMap(script);
      return p && { ...unwrappedPosition(objectLiteral, p), operation: p.operation };
    };
    byPlace.set(place, map);
  }
  return map;
}

/**
 * Script position → cell position, through the compiler's source map and the edits. Made
 * outside transformCell: a closure there shares its scope with the visitors', and the
 * executor keeps every cell's map for tracebacks, so each kept the cell's syntax tree
 * (960 KB for a 100-line cell, every run of it, for the rest of the session).
 */
function positionMap(
  sourceMapText: string | undefined,
  wrapped: string,
  headerLength: number,
  body: EditedText,
  code: string,
  operations: Int32Array,
): (script: Position) => Position | null {
  // Parsed now: the compiler's text is a rope of its many small pieces, several times its length.
  const payload = JSON.parse(sourceMapText ?? "{}") as SourceMapPayload;
  const wrappedLines = lineStarts(wrapped);
  const cellLines = lineStarts(code);
  const { length } = wrapped;
  const bodyLength = body.text.length;
  const codeLength = code.length;
  const { toOriginal } = body;
  return (script) => {
    // Decoded when a traceback asks (a decoded map is some 20 times its text), and kept for
    // the next frame: one map decoded at a time in the session.
    if (decoded?.payload !== payload) decoded = { payload, map: new SourceMap(payload) };
    const compilerMap = decoded.map;
    const at = compilerInputPosition(compilerMap, script);
    if (!at || at.line < 2) {
      // The wrapper's first line: the operator prelude, and fused expressions' fallbacks, whose
      // operations are the cell's (the innermost call holding the position).
      let found = -1;
      for (let k = 0; k < operations.length; k += 4) {
        const [line, from, to] = [operations[k], operations[k + 1], operations[k + 2]];
        if (line === script.line && from <= script.column && script.column < to && (found < 0 || to - from < operations[found + 2] - operations[found + 1])) found = k;
      }
      return found >= 0 ? { ...positionAt(cellLines, operations[found + 3]), operation: true } : null;
    }
    const lineStart = wrappedLines[at.line - 1] ?? length;
    const inBody = Math.min(lineStart + at.column - 1, wrappedLines[at.line] ?? length) - headerLength;
    if (inBody > bodyLength) return null; // the wrapper's closing line
    return positionAt(cellLines, Math.min(toOriginal(inBody), codeLength));
  };
}

let decoded: { payload: SourceMapPayload; map: SourceMap } | null = null;

/** ++ or -- (before or after its operand). */
function isIncrement(node: ts.Node): node is ts.PrefixUnaryExpression | ts.PostfixUnaryExpression {
  return (ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) && (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken);
}

/**
 * The expression statement whose value the cell shows: its last statement, or the last of a
 * block that ends the cell (`{ const a = 2; a * 3 }` shows 6, as Node's REPL and JavaScript's
 * completion value do; it showed nothing). undefined when the cell ends otherwise.
 */
function cellValueStatement(sf: ts.SourceFile): ts.ExpressionStatement | undefined {
  let last: ts.Statement | undefined = sf.statements[sf.statements.length - 1];
  while (last && ts.isBlock(last)) last = last.statements[last.statements.length - 1];
  return last && ts.isExpressionStatement(last) ? last : undefined;
}

/** ++/-- whose result is thrown away (a statement or a for-loop update). */
function isIncrementWithUnusedValue(node: ts.PrefixUnaryExpression | ts.PostfixUnaryExpression): boolean {
  let p = node.parent;
  while (ts.isParenthesizedExpression(p) || (ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.CommaToken)) p = p.parent;
  if (ts.isExpressionStatement(p) && cellValueStatement(p.getSourceFile()) === p) return false; // the cell's value
  return ts.isExpressionStatement(p) || (ts.isForStatement(p) && p.incrementor !== undefined && p.incrementor.pos <= node.pos && node.end <= p.incrementor.end);
}

/**
 * Whether an expression is written to: `x = …`, `x += …`, `x++`, `[x] = …`, `({ x } = …)`,
 * `({ k: x } = …)`, `for (x of …)`, also through parentheses and `as`/`!`.
 */
function isWriteTarget(node: ts.Expression): boolean {
  let child: ts.Node = node;
  for (let p = node.parent; p; child = p, p = p.parent) {
    if (ts.isParenthesizedExpression(p) || ts.isNonNullExpression(p) || ts.isAsExpression(p) || ts.isTypeAssertionExpression(p) || ts.isSatisfiesExpression(p)) continue;
    if (ts.isBinaryExpression(p)) return p.left === child && p.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && p.operatorToken.kind <= ts.SyntaxKind.LastAssignment;
    if (ts.isPrefixUnaryExpression(p) || ts.isPostfixUnaryExpression(p)) return p.operator === ts.SyntaxKind.PlusPlusToken || p.operator === ts.SyntaxKind.MinusMinusToken;
    if (ts.isForInStatement(p) || ts.isForOfStatement(p)) return p.initializer === child;
    // Inside a literal: a destructuring target when the literal itself is written to.
    if (ts.isShorthandPropertyAssignment(p) && p.name !== child) return false;
    if (ts.isPropertyAssignment(p) && p.initializer !== child) return false;
    if (!(ts.isArrayLiteralExpression(p) || ts.isObjectLiteralExpression(p) || ts.isSpreadElement(p) || ts.isSpreadAssignment(p) || ts.isShorthandPropertyAssignment(p) || ts.isPropertyAssignment(p))) return false;
  }
  return false;
}

type UpdatableTarget = ts.ElementAccessExpression | (ts.PropertyAccessExpression & { name: ts.Identifier });

/** a[i], or a[0].w (a property of something more than a chain of names): updated through __cset. */
function isUpdatable(node: ts.Expression): node is UpdatableTarget {
  if (!(ts.isElementAccessExpression(node) || (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.name)))) return false;
  return !node.questionDotToken && node.expression.kind !== ts.SyntaxKind.SuperKeyword;
}

const LOGICAL_OPERATORS = new Map<ts.SyntaxKind, string>([
  [ts.SyntaxKind.BarBarToken, "__or"],
  [ts.SyntaxKind.AmpersandAmpersandToken, "__and"],
]);

const LOGICAL_ASSIGNMENTS = new Map<ts.SyntaxKind, string>([
  [ts.SyntaxKind.BarBarEqualsToken, "__or"],
  [ts.SyntaxKind.AmpersandAmpersandEqualsToken, "__and"],
]);

function isLogical(e: ts.Expression): boolean {
  while (ts.isParenthesizedExpression(e)) e = e.expression;
  return ts.isBinaryExpression(e) && LOGICAL_OPERATORS.has(e.operatorToken.kind);
}

/**
 * Whether only an expression's truthiness is used: a condition, or an operand of && or || that
 * is one. There `x && y` needs no value, so it stays JavaScript's operator on __truthy(x) and
 * __truthy(y): no closure for y in a loop's condition (measured: if (x && y) in a loop of
 * numbers 3× slower than plain Node through __and), and y may await.
 */
function isTested(e: ts.Expression): boolean {
  // A loop up the tree, not recursion: a cell may chain thousands of || (generated code).
  for (let child: ts.Node = e; ; ) {
    let p = child.parent;
    while (ts.isParenthesizedExpression(p)) {
      child = p;
      p = p.parent;
    }
    if (conditionOf(p) === child) return true;
    if (!(ts.isBinaryExpression(p) && LOGICAL_OPERATORS.has(p.operatorToken.kind))) return false;
    child = p;
  }
}

/** The condition an if, a loop or a ?: tests for truthiness. */
function conditionOf(node: ts.Node): ts.Expression | undefined {
  if (ts.isIfStatement(node) || ts.isWhileStatement(node) || ts.isDoStatement(node)) return node.expression;
  if (ts.isForStatement(node)) return node.condition;
  if (ts.isConditionalExpression(node)) return node.condition;
  return undefined;
}

/**
 * An expression that is a boolean by its syntax (a comparison, !x, true, and these joined by
 * && or ||): its truthiness needs no routing, which keeps loops such as i < n as they are.
 */
/**
 * The names among `candidates` that the cell assigns to (x = …, x++, [x] = …) or declares
 * with `var` outside any function: such a var, in a block or a loop, is the cell function's
 * own, and a local read at the cell's start would read it before its assignment.
 */
function assignedOrDeclaredNames(sf: ts.SourceFile, isCandidate: (name: string) => boolean): Set<string> {
  const found = new Set<string>();
  const walk = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && isCandidate(node.text) && (isWriteTarget(node) || isCellVar(node))) found.add(node.text);
    const global = globalWrite(node);
    if (global !== null && isCandidate(global)) found.add(global);
    if (!ts.isFunctionLike(node)) ts.forEachChild(node, walk);
    else if (ts.isArrowFunction(node) || ts.isFunctionExpression(node) || ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) node.body && walkWrites(node.body);
  };
  // Inside functions only assignments count (their vars are their own).
  const walkWrites = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && isCandidate(node.text) && isWriteTarget(node)) found.add(node.text);
    const global = globalWrite(node);
    if (global !== null && isCandidate(global)) found.add(global);
    ts.forEachChild(node, walkWrites);
  };
  walk(sf);
  return found;
}

/** The global a write such as `globalThis.fetch = …` or `globalThis["fetch"] = …` replaces, else null. */
function globalWrite(node: ts.Node): string | null {
  if (!(ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node))) return null;
  if (!(ts.isIdentifier(node.expression) && node.expression.text === "globalThis")) return null;
  const key = ts.isPropertyAccessExpression(node) ? node.name.text : ts.isStringLiteralLike(node.argumentExpression) ? node.argumentExpression.text : null;
  return key !== null && isWriteTarget(node) ? key : null;
}

/** The name a `var` declaration (or a binding pattern in one) introduces. */
function isCellVar(id: ts.Identifier): boolean {
  let p: ts.Node = id.parent;
  if (!((ts.isVariableDeclaration(p) || ts.isBindingElement(p)) && p.name === id)) return false;
  while (ts.isBindingElement(p) || ts.isObjectBindingPattern(p) || ts.isArrayBindingPattern(p)) p = p.parent;
  return ts.isVariableDeclaration(p) && ts.isVariableDeclarationList(p.parent) && (p.parent.flags & ts.NodeFlags.BlockScoped) === 0;
}

/** The searches of an array that compare elements: x.includes(v), x.indexOf(v), x.lastIndexOf(v). */
const SEARCH_METHODS = new Set(["includes", "indexOf", "lastIndexOf"]);

/** `receiver.includes(…)` (or indexOf, lastIndexOf) as a plain call: no `?.`, no type arguments, not on super. */
function searchCall(call: ts.CallExpression): { call: ts.CallExpression; receiver: ts.Expression; method: string } | null {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee) || callee.questionDotToken || call.questionDotToken || call.typeArguments) return null;
  if (!SEARCH_METHODS.has(callee.name.text) || callee.expression.kind === ts.SyntaxKind.SuperKeyword) return null;
  if (call.arguments.some((a) => ts.isSpreadElement(a))) return null;
  return { call, receiver: callee.expression, method: callee.name.text };
}

function isBooleanSyntax(e: ts.Expression): boolean {
  while (ts.isParenthesizedExpression(e)) e = e.expression;
  if (e.kind === ts.SyntaxKind.TrueKeyword || e.kind === ts.SyntaxKind.FalseKeyword) return true;
  if (ts.isPrefixUnaryExpression(e)) return e.operator === ts.SyntaxKind.ExclamationToken;
  if (!ts.isBinaryExpression(e)) return false;
  const op = e.operatorToken.kind;
  if (COMPARISON_OPERATORS.has(op) || op === ts.SyntaxKind.InstanceOfKeyword || op === ts.SyntaxKind.InKeyword) return true;
  return LOGICAL_OPERATORS.has(op) && isBooleanSyntax(e.left) && isBooleanSyntax(e.right);
}

/**
 * An expression whose evaluation only reads: literals, names, `this`, property and element
 * reads of such expressions, and arithmetic on them (the runtime's operators change no
 * value the cell can see). No call, assignment, ++, await or yield; reads of properties
 * count as reads, as they do for a compound assignment's simple target (`o.a.b += x` reads
 * o.a.b twice).
 */
function readsOnly(e: ts.Expression): boolean {
  if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e) || ts.isSatisfiesExpression(e) || ts.isTypeAssertionExpression(e)) return readsOnly(e.expression);
  if (ts.isIdentifier(e) || ts.isNumericLiteral(e) || ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e) || ts.isBigIntLiteral(e)) return true;
  if (e.kind === ts.SyntaxKind.ThisKeyword || e.kind === ts.SyntaxKind.TrueKeyword || e.kind === ts.SyntaxKind.FalseKeyword || e.kind === ts.SyntaxKind.NullKeyword) return true;
  if (ts.isPropertyAccessExpression(e)) return !e.questionDotToken && e.expression.kind !== ts.SyntaxKind.SuperKeyword && readsOnly(e.expression);
  if (ts.isElementAccessExpression(e)) return !e.questionDotToken && e.expression.kind !== ts.SyntaxKind.SuperKeyword && readsOnly(e.expression) && readsOnly(e.argumentExpression);
  if (ts.isPrefixUnaryExpression(e)) return (e.operator === ts.SyntaxKind.MinusToken || e.operator === ts.SyntaxKind.PlusToken) && readsOnly(e.operand);
  if (ts.isBinaryExpression(e)) return ARITHMETIC_OPERATORS.has(e.operatorToken.kind) && readsOnly(e.left) && readsOnly(e.right);
  return false;
}

/** Whether an expression awaits or yields outside a nested function (it cannot move into an arrow). */
function suspends(node: ts.Node): boolean {
  if (ts.isAwaitExpression(node) || ts.isYieldExpression(node)) return true;
  if (ts.isFunctionLike(node)) return false;
  return ts.forEachChild(node, suspends) ?? false;
}

function insideFunction(node: ts.Node): boolean {
  for (let p = node.parent; p; p = p.parent) {
    if (ts.isFunctionLike(p)) return true;
  }
  return false;
}

/** Names a cell declares at top level. */
export function topLevelNames(sf: ts.SourceFile): string[] {
  const names: string[] = [];
  for (const s of sf.statements) statementNames(s, names);
  return [...new Set(names)];
}

/** Names a cell declares as constants at top level: `const`, and imports (JavaScript's import bindings are read-only). */
function topLevelConstants(sf: ts.SourceFile): string[] {
  const names: string[] = [];
  for (const s of sf.statements) {
    const constant = ts.isVariableStatement(s) ? Boolean(s.declarationList.flags & ts.NodeFlags.Const) : ts.isImportDeclaration(s) || ts.isImportEqualsDeclaration(s);
    if (constant) statementNames(s, names);
  }
  return [...new Set(names)];
}

/** The names a top-level statement declares, added to `names`. */
function statementNames(s: ts.Statement, names: string[]): void {
  if (ts.isVariableStatement(s)) {
    if (s.modifiers?.some((m) => m.kind === ts.SyntaxKind.DeclareKeyword)) return;
    for (const d of s.declarationList.declarations) bindingNames(d.name, names);
  } else if ((ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s) || ts.isEnumDeclaration(s)) && s.name) {
    if (!s.modifiers?.some((m) => m.kind === ts.SyntaxKind.DeclareKeyword)) names.push(s.name.text);
  } else if (ts.isModuleDeclaration(s) && ts.isIdentifier(s.name)) {
    names.push(s.name.text);
  } else if (ts.isImportDeclaration(s) && s.importClause && !s.importClause.isTypeOnly) {
    const c = s.importClause;
    if (c.name) names.push(c.name.text);
    if (c.namedBindings && ts.isNamespaceImport(c.namedBindings)) names.push(c.namedBindings.name.text);
    if (c.namedBindings && ts.isNamedImports(c.namedBindings)) {
      for (const el of c.namedBindings.elements) if (!el.isTypeOnly) names.push(el.name.text);
    }
  } else if (ts.isImportEqualsDeclaration(s)) {
    names.push(s.name.text);
  }
}

/**
 * Where each top-level let, const or class of the cell is initialized (the end of its
 * declarator or class); a use before that, run in place, is in the temporal dead zone.
 */
function lexicalDeclarationEnds(sf: ts.SourceFile): Map<string, number> {
  const ends = new Map<string, number>();
  for (const s of sf.statements) {
    if (ts.isVariableStatement(s) && s.declarationList.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const)) {
      for (const d of s.declarationList.declarations) for (const n of bindingNames(d.name)) ends.set(n, d.end);
    } else if (ts.isClassDeclaration(s) && s.name && !s.modifiers?.some((m) => m.kind === ts.SyntaxKind.DeclareKeyword)) {
      ends.set(s.name.text, s.end);
    }
  }
  return ends;
}

/** Whether code runs later rather than where it stands: a function body, or an instance field's initializer. */
function deferred(node: ts.Node): boolean {
  for (let p = node.parent; p && !ts.isSourceFile(p); p = p.parent) {
    if (ts.isFunctionLike(p)) return true;
    if (ts.isPropertyDeclaration(p) && !p.modifiers?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword)) return true;
  }
  return false;
}

/**
 * Top-level declarations → assignments to the session scope (in place, same lines), through
 * `__declLet` or `__declConst`, which make the property writable or read-only and keep the
 * session's set of constants as the declarations run.
 */
function rewriteTopLevel(s: ts.Statement, edits: Edit[], prelude: string[], cellConstants: Set<string>): void {
  const modifiers = (s as ts.HasModifiers).modifiers ?? [];
  if (modifiers.some((m) => m.kind === ts.SyntaxKind.DeclareKeyword)) return;
  const exportish = modifiers.filter((m) => m.kind === ts.SyntaxKind.ExportKeyword || m.kind === ts.SyntaxKind.DefaultKeyword || m.kind === ts.SyntaxKind.AbstractKeyword);
  for (const m of exportish) edits.push({ start: m.getStart(), end: m.end, text: "" });

  if (ts.isVariableStatement(s)) {
    const decls = s.declarationList.declarations;
    const declarer = s.declarationList.flags & ts.NodeFlags.Const ? "__declConst" : "__declLet";
    if (decls.every((d) => ts.isIdentifier(d.name))) {
      // `let a: T = 1, b = 2` → `__declLet.a = 1, __declLet.b = 2`; a constant is also kept in a
      // local for the cell's own top-level code: `const a = 1` → `const __s_a = __declConst.a = 1`.
      const constant = declarer === "__declConst";
      const keywordStart = s.declarationList.getStart();
      edits.push({ start: keywordStart, end: decls[0].getStart(), text: constant ? "const " : "" });
      for (const d of decls) {
        const nameEnd = d.name.end;
        if (constant) cellConstants.add((d.name as ts.Identifier).text);
        edits.push({ start: d.name.getStart(), end: d.name.getStart(), text: constant ? `__s_${(d.name as ts.Identifier).text} = ${declarer}.` : `${declarer}.` });
        const typeEnd = d.type ? d.type.end : d.exclamationToken ? d.exclamationToken.end : nameEnd;
        if (typeEnd > nameEnd) edits.push({ start: nameEnd, end: typeEnd, text: "" });
        if (!d.initializer) edits.push({ start: typeEnd, end: typeEnd, text: " = undefined" });
      }
    } else {
      // Destructuring: keep the local declaration, then copy each name to the scope.
      const copies = decls.flatMap((d) => bindingNames(d.name)).map((n) => `${declarer}.${n} = ${n};`).join(" ");
      // Before anything the next statement inserts at this place: `const [a, b] = f()\n;[b, a]`
      // ends at its own `;`, where the next statement's `return (` goes (rank 0).
      edits.push({ start: s.end, end: s.end, text: `; ${copies}`, rank: -1 });
    }
  } else if (ts.isFunctionDeclaration(s) && s.name && s.body) {
    // Function declarations are hoisted: the scope has them from the cell's first line.
    prelude.push(`__declLet.${s.name.text} = ${s.name.text};`);
  } else if (ts.isClassDeclaration(s) && s.name) {
    const classKeyword = s.getChildren().find((c) => c.kind === ts.SyntaxKind.ClassKeyword);
    const at = classKeyword ? classKeyword.getStart() : s.getStart();
    edits.push({ start: at, end: at, text: `__declLet.${s.name.text} = ` });
    edits.push({ start: s.end, end: s.end, text: ";" });
  } else if ((ts.isEnumDeclaration(s) || ts.isModuleDeclaration(s)) && ts.isIdentifier(s.name)) {
    edits.push({ start: s.end, end: s.end, text: ` __declLet.${s.name.text} = ${s.name.text};` });
  }
}

/** An import as dynamic imports resolved from the notebook's directory (ESM-only packages too). */
function importReplacement(s: ts.ImportDeclaration | ts.ImportEqualsDeclaration): string {
  if (ts.isImportEqualsDeclaration(s)) {
    const ref = s.moduleReference;
    if (ts.isExternalModuleReference(ref)) return `__declConst.${s.name.text} = require(${ref.expression.getText()});`;
    return "";
  }
  const spec = s.moduleSpecifier.getText();
  const c = s.importClause;
  if (!c) return `await __import(${spec});`;
  if (c.isTypeOnly) return "";
  const parts: string[] = [`const __m = await __import(${spec});`];
  if (c.name) parts.push(`__declConst.${c.name.text} = __importDefault(__m);`);
  if (c.namedBindings && ts.isNamespaceImport(c.namedBindings)) parts.push(`__declConst.${c.namedBindings.name.text} = __m;`);
  if (c.namedBindings && ts.isNamedImports(c.namedBindings)) {
    for (const el of c.namedBindings.elements) {
      if (el.isTypeOnly) continue;
      const imported = (el.propertyName ?? el.name).text;
      parts.push(`__declConst.${el.name.text} = __m[${JSON.stringify(imported)}];`);
    }
  }
  return `{ ${parts.join(" ")} }`;
}
