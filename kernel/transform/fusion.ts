import { ts } from "ts-morph";
import {
  FUSED_MATH_BINARY,
  FUSED_MATH_UNARY,
  FUSED_RUNTIME_BINARY,
  FUSED_RUNTIME_UNARY,
  type FusedBinaryName,
  type FusedUnaryName,
} from "../../src/ops/fusion-names";
import { ARITHMETIC_OPERATORS, COMPOUND_OPERATORS } from "./operator-names";

/*
 * Fused expressions. A cell's arithmetic expression — `Math.sin(x[i]) * x[i + 1] + Math.exp(-x[i] * x[i]) / (1 + x[i] * x[i])`
 * — becomes one call, `__fz0_add(x[i], x[i + 1], x[i], x[i], x[i], x[i])`, of a function made for it:
 *
 * - on plain numbers it is the expression itself, JavaScript's operators on the arguments;
 * - on dual numbers and tape variables of plain numbers it computes the value and, by a reverse
 *   sweep over the expression, the partial derivative in each operand, with the runtime's rules
 *   (src/ops/fusion.ts), and makes one dual number, or one tape entry per operand, for the
 *   whole expression (statement-level preaccumulation: Adept's and CoDiPack's expression
 *   templates). Measured on W1 in a cell, valueAndGrad 15× → 5.8× the plain loop, jvp 13× → 3.7×;
 * - on anything else (tensors, nested differentiation, strings, a derivation being traced) it is
 *   the expression as the cell transform writes it otherwise, operation by operation, on the
 *   arguments already evaluated.
 *
 * The operands are evaluated where they stand, once each and in JavaScript's order; only operands
 * that read without effects are taken (names, literals, `a.b`, `x[i + 1]`), so evaluating them all
 * before the operations cannot be told apart. Operands with the same text (x[i] five times) are
 * one operand when they are the same value.
 */

/** An expression of fused primitives over the site's arguments and numeric literals. */
export type FusedTree =
  | { readonly kind: "arg"; readonly index: number }
  | { readonly kind: "const"; readonly text: string }
  | { readonly kind: "unary"; readonly name: FusedUnaryName; readonly callee: string | null; readonly at: number; readonly x: FusedTree }
  | { readonly kind: "binary"; readonly name: FusedBinaryName; readonly callee: string | null; readonly at: number; readonly a: FusedTree; readonly b: FusedTree };

/** How the transform resolves names at a node: whether `Math` is the cell's Math, and a runtime function's local. */
export interface FusionNames {
  /** True where `Math` is the cell's AD-aware Math (not a name the cell declares, assigns or shadows). */
  mathIsCellMath(node: ts.Node): boolean;
  /** The local a runtime function named here is read into (`__rt_sin`), or null when the name is the user's. */
  runtimeFunction(node: ts.Identifier): string | null;
}

/** A fusible expression found in a cell: its tree and the argument expressions, in source order. */
export interface FusedExpression {
  readonly tree: FusedTree;
  readonly args: readonly ts.Expression[];
  /** The runtime functions the fallback calls (`sin` of `__rt_sin`). */
  readonly runtime: readonly string[];
}

/** Larger expressions are fused in parts: their subexpressions are still found on their own. */
const MAX_ARGS = 16;
const MAX_OPERATIONS = 48;

/**
 * The operators that fuse: the cell's arithmetic operators (operator-names.ts) but `%`, each by
 * its primitive's name (`__add` is add's helper). `s += e` is `s = s + e`.
 */
const fusedBy = (helpers: ReadonlyMap<ts.SyntaxKind, string>): Map<ts.SyntaxKind, FusedBinaryName> =>
  new Map([...helpers].filter(([, helper]) => helper !== "__mod").map(([kind, helper]) => [kind, helper.slice(2) as FusedBinaryName]));
const OPERATORS = fusedBy(ARITHMETIC_OPERATORS);
export const FUSED_COMPOUND = fusedBy(COMPOUND_OPERATORS);

/** The operator helper of the cell's prelude each fused operator falls back to (`__add`, `__neg`). */
const fallbackOperator = (name: string): string => `__${name}`;
const JS_OPERATOR: Record<string, string> = { add: "+", sub: "-", mul: "*", div: "/", pow: "**" };

/** Whether node is an operation of a fused expression (an operator or a fused function's call). */
export function isFusedOperation(node: ts.Node, names: FusionNames): boolean {
  return operation(node, names) !== null;
}

/** `at`: where a traceback points for the operation — as JavaScript points at a call, for `Math.sin(x)` at `sin`. */
type Operation =
  | { kind: "unary"; name: FusedUnaryName; callee: string | null; at: number; x: ts.Expression }
  | { kind: "binary"; name: FusedBinaryName; callee: string | null; at: number; a: ts.Expression; b: ts.Expression };

function operation(node: ts.Node, names: FusionNames): Operation | null {
  if (ts.isBinaryExpression(node)) {
    const name = OPERATORS.get(node.operatorToken.kind);
    return name ? { kind: "binary", name, callee: null, at: node.getStart(), a: node.left, b: node.right } : null;
  }
  if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.MinusToken && !ts.isNumericLiteral(node.operand)) {
    return { kind: "unary", name: "neg", callee: null, at: node.getStart(), x: node.operand };
  }
  if (!ts.isCallExpression(node) || node.questionDotToken || node.typeArguments || node.arguments.some(ts.isSpreadElement)) return null;
  const callee = node.expression;
  const arity = node.arguments.length;
  if (arity !== 1 && arity !== 2) return null;
  let fn: string | null = null;
  let text: string | null = null;
  let at = node.getStart();
  if (ts.isPropertyAccessExpression(callee) && !callee.questionDotToken && ts.isIdentifier(callee.expression) && callee.expression.text === "Math" && names.mathIsCellMath(callee)) {
    fn = callee.name.text;
    if (!(arity === 1 ? FUSED_MATH_UNARY : FUSED_MATH_BINARY).has(fn)) return null;
    text = `Math.${fn}`;
    at = callee.name.getStart();
  } else if (ts.isIdentifier(callee)) {
    fn = callee.text;
    if (!(arity === 1 ? FUSED_RUNTIME_UNARY : FUSED_RUNTIME_BINARY).has(fn)) return null;
    text = names.runtimeFunction(callee);
    if (text === null) return null;
  } else {
    return null;
  }
  return arity === 1
    ? { kind: "unary", name: fn as FusedUnaryName, callee: text, at, x: node.arguments[0] }
    : { kind: "binary", name: fn as FusedBinaryName, callee: text, at, a: node.arguments[0], b: node.arguments[1] };
}

function unwrap(e: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(e)) e = e.expression;
  return e;
}

/** A numeric literal, or the negation of one: a constant of the fused function. */
function constantText(e: ts.Expression): string | null {
  if (ts.isNumericLiteral(e)) return e.getText();
  if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(e.operand)) return `-${e.operand.getText()}`;
  return null;
}

/**
 * An operand that reads without effects: a name, `this`, `a.b`, `x[i + 1]`, an optional chain
 * of them (`o.a?.b`), a default of them (`o.a?.b ?? 0`), a type assertion of one. It is
 * evaluated whole, where it stands, so `?.` and `??` short-circuit as they would.
 */
export function readsOnly(e: ts.Expression): boolean {
  e = unwrap(e);
  if (ts.isIdentifier(e) || e.kind === ts.SyntaxKind.ThisKeyword) return true;
  if (ts.isAsExpression(e) || ts.isNonNullExpression(e) || ts.isSatisfiesExpression(e) || ts.isTypeAssertionExpression(e)) return readsOnly(e.expression);
  if (ts.isPropertyAccessExpression(e)) return readsOnly(e.expression);
  if (ts.isElementAccessExpression(e)) return readsOnly(e.expression) && isPlainKey(e.argumentExpression);
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken) {
    return (readsOnly(e.left) || constantText(unwrap(e.left)) !== null) && (readsOnly(e.right) || constantText(unwrap(e.right)) !== null);
  }
  return false;
}

/** A key of x[…] that reads only: literals, names, and arithmetic of them (`i * n + j`). */
function isPlainKey(e: ts.Expression): boolean {
  e = unwrap(e);
  if (ts.isNumericLiteral(e) || ts.isStringLiteral(e)) return true;
  if (ts.isBinaryExpression(e)) {
    const k = e.operatorToken.kind;
    const arithmetic = OPERATORS.has(k) || k === ts.SyntaxKind.PercentToken;
    return arithmetic && isPlainKey(e.left) && isPlainKey(e.right);
  }
  if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.MinusToken) return isPlainKey(e.operand);
  return readsOnly(e);
}

/**
 * The fused expression rooted at `root`, or null when it is not worth fusing (fewer than two
 * operations, no operand) or cannot be fused (an operand with effects: a call, a string …).
 * `compound`, for a compound assignment (s += e), is its operator and place: the target is then
 * the first operand (argument 0, not among `args`), and the tree `s op e`.
 */
export function fusedExpression(root: ts.Expression, names: FusionNames, compound?: { name: FusedBinaryName; at: number }): FusedExpression | null {
  const args: ts.Expression[] = [];
  const runtime = new Set<string>();
  let operations = compound ? 1 : 0;
  let argIndex = compound ? 1 : 0;
  const build = (e: ts.Expression): FusedTree | null => {
    e = unwrap(e);
    const constant = constantText(e);
    if (constant !== null) return { kind: "const", text: constant };
    const op = operation(e, names);
    if (op === null) {
      if (!readsOnly(e) || argIndex === MAX_ARGS) return null;
      args.push(e);
      return { kind: "arg", index: argIndex++ };
    }
    // Too large: given up at once, not after the whole expression (the transform asks again at
    // each operation inside, which made a 500-term sum take 1.3 s to transform instead of 0.2 s).
    if (++operations > MAX_OPERATIONS) return null;
    if (op.callee?.startsWith("__rt_")) runtime.add(op.callee.slice(5));
    const { at } = op;
    if (op.kind === "unary") {
      const x = build(op.x);
      return x && { kind: "unary", name: op.name, callee: op.callee, at, x };
    }
    const a = build(op.a);
    const b = a && build(op.b);
    return b && { kind: "binary", name: op.name, callee: op.callee, at, a: a!, b };
  };
  let tree = build(root);
  if (tree === null) return null;
  if (compound) tree = { kind: "binary", name: compound.name, callee: null, at: compound.at, a: { kind: "arg", index: 0 }, b: tree };
  if (operations < 2 || argIndex === 0) return null;
  return { tree, args, runtime: [...runtime] };
}

/**
 * A site's name: its number and its outermost operation (`__fz0_add`, `__fz1_Math_sin`,
 * `__fz2_rt_sigmoid`), from which a TypeError that quotes the call — `(a * b + 1)()`, "__fz0_add(...)
 * is not a function" — is told in the cell's words (kernel/executor/error-message.ts).
 */
export function fusedSiteName(index: number, tree: FusedTree): string {
  const root = tree.kind === "unary" || tree.kind === "binary" ? (tree.callee === null ? tree.name : tree.callee.replace(/^__/, "").replace(".", "_")) : "value";
  return `__fz${index}_${root}`;
}

/** The primitives a tree uses, for the cell's locals of their values and partials. */
export function primitivesOf(tree: FusedTree, into: { unary: Set<string>; binary: Set<string> }): void {
  if (tree.kind === "unary") {
    into.unary.add(tree.name);
    primitivesOf(tree.x, into);
  } else if (tree.kind === "binary") {
    into.binary.add(tree.name);
    primitivesOf(tree.a, into);
    primitivesOf(tree.b, into);
  }
}

/**
 * The cell's locals of the runtime's fused primitives (prelude of the cell function): each
 * primitive's value and partials, read once per run of the cell. Undefined without the runtime.
 */
export function fusionLocals(used: { unary: Set<string>; binary: Set<string> }): string {
  const parts = ["const __fx = __op.fusion, __fxVar = __fx && __fx.Var, __fxDual = __fx && __fx.Dual;"];
  for (const name of used.unary) parts.push(`const __fu_${name} = __fx && __fx.unary.${name}.fn, __fd_${name} = __fx && __fx.unary.${name}.d;`);
  for (const name of used.binary) {
    parts.push(`const __fb_${name} = __fx && __fx.binary.${name}.fn, __fa_${name} = __fx && __fx.binary.${name}.dA, __fc_${name} = __fx && __fx.binary.${name}.dB;`);
  }
  return parts.join(" ");
}

/**
 * The source of fused site `name` (the site, its fallback, its dispatch and its four paths for
 * differentiable operands), for the cell's prelude, with its fallback's operations. `keys` gives each argument's text: arguments with the same
 * text are one operand when they are the same value at run time.
 */
export function fusedSiteSource(name: string, tree: FusedTree, keys: readonly string[]): { text: string; operations: FusedOperationSpan[] } {
  const n = keys.length;
  const params = Array.from({ length: n }, (_, j) => `a${j}`).join(", ");
  const rep = keys.map((k) => keys.indexOf(k));
  const reps = rep.filter((r, j) => r === j);

  // On numbers: the expression itself.
  const plain = (t: FusedTree): string => {
    switch (t.kind) {
      case "arg":
        return `a${t.index}`;
      case "const":
        return `(${t.text})`;
      case "unary":
        return t.callee === null ? `(-${plain(t.x)})` : `${t.callee}(${plain(t.x)})`;
      case "binary":
        return t.callee === null ? `(${plain(t.a)} ${JS_OPERATOR[t.name]} ${plain(t.b)})` : `${t.callee}(${plain(t.a)}, ${plain(t.b)})`;
    }
  };
  // Anything else: operation by operation, as the transform writes an expression it does not
  // fuse. Each operation's call is noted with its place in the cell, for tracebacks.
  const operations: FusedOperationSpan[] = [];
  let slowText = "";
  const slowly = (t: FusedTree): void => {
    if (t.kind === "arg") slowText += `a${t.index}`;
    else if (t.kind === "const") slowText += `(${t.text})`;
    else {
      const from = slowText.length;
      slowText += `${t.callee ?? fallbackOperator(t.name)}(`;
      if (t.kind === "unary") slowly(t.x);
      else {
        slowly(t.a);
        slowText += ", ";
        slowly(t.b);
      }
      slowText += ")";
      operations.push({ from, to: slowText.length, at: t.at });
    }
  };
  const slowStart = `const ${name}_slow = (${params}) => `;
  slowly(tree);

  // Every way off a path is a return of the fallback.
  const slowCall = `return ${name}_slow(${params})`;
  const sameValues = rep.map((r, j) => (r === j ? null : `a${j} !== a${r}`)).filter((c): c is string => c !== null);

  /**
   * A path for dual numbers or for tape variables, for operands that are all of that class or
   * for numbers among them: one function each, so that the engine compiles each for the values
   * it sees (one path serving dual numbers and tape variables ran W1's jvp at 5× the plain loop
   * once the same expression had been through valueAndGrad, 4× before).
   */
  const path = (mode: "dual" | "tape", operands: "objects" | "mixed"): string => {
    const lines: string[] = [];
    const Class = mode === "dual" ? "__fxDual" : "__fxVar";
    const pathName = `${name}_${mode}${operands === "mixed" ? "_mixed" : ""}`;
    // (The path for objects has made this test before it hands over to the one for numbers among them.)
    if (sameValues.length > 0 && operands === "objects") lines.push(`if (${sameValues.join(" || ")}) ${slowCall};`);
    // Each operand's value (and tangent, or tape entry) is read once into a constant, and every
    // check is made before the arithmetic. Two paths: one for operands that are all dual numbers
    // (or all tape variables), which reads them without a test, and one for numbers among them.
    // A number operand's value is written `a * 1` (the same number, -0 and NaN included) so that
    // the engine keeps both arms as unboxed floats. (One path for both, reading `n ? a : a.value`,
    // took W1's jvp 4.4× the plain loop; with `a * 1`, 4.0×; with a path for objects, 3.7×.)
    const each = (f: (r: number) => string, join: string): string => reps.map(f).join(join);
    const isNumber = (r: number): string | null => (operands === "mixed" ? `n${r}` : null);
    const read = (r: number, field: string, number: string): string => {
      const n = isNumber(r);
      return n === null ? `a${r}.${field}` : `${n} ? ${number} : a${r}.${field}`;
    };
    // The tag or tape of the first operand that is not a number.
    const firstOf = (field: string): string =>
      operands === "objects" ? `a${reps[0]}.${field}` : reps.map((r, k) => (k === reps.length - 1 ? `a${r}.${field}` : `!n${r} ? a${r}.${field} : `)).join("");
    const sameAs = (field: string, first: string): string =>
      reps
        .filter((r) => operands === "mixed" || r !== reps[0])
        .map((r) => (isNumber(r) === null ? `a${r}.${field} !== ${first}` : `(!n${r} && a${r}.${field} !== ${first})`))
        .join(" || ");
    // The test that every other operand has the same tag (or tape), where there is another.
    const sameAsTest = (field: string, first: string): string[] => {
      const test = sameAs(field, first);
      return test === "" ? [] : [`if (${test}) ${slowCall};`];
    };
    if (operands === "objects") {
      lines.push(`if (${each((r) => `!(a${r} instanceof ${Class})`, " || ")}) return ${name}_${mode}_mixed(${params});`);
    } else {
      lines.push(`const ${each((r) => `n${r} = typeof a${r} === "number"`, ", ")};`, `if (${each((r) => `!(n${r} || a${r} instanceof ${Class})`, " || ")}) ${slowCall};`);
    }
    lines.push(`const ${each((r) => `v${r} = ${read(r, "value", `a${r} * 1`)}`, ", ")};`);
    if (mode === "dual") {
      // One perturbation: a dual number of another tag (nesting) goes operation by operation.
      lines.push(
        `const ${each((r) => `t${r} = ${read(r, "tangent", "0")}`, ", ")}, tag = ${firstOf("tag")};`,
        ...sameAsTest("tag", "tag"),
        // Nested values (a dual of dual numbers or tensors) go operation by operation.
        `if (${each((r) => `typeof v${r} !== "number" || typeof t${r} !== "number"`, " || ")}) ${slowCall};`,
      );
    } else {
      lines.push(
        `const ${each((r) => `i${r} = ${read(r, "index", "-1")}`, ", ")}, tape = ${firstOf("tape")};`,
        ...sameAsTest("tape", "tape"),
        // Nested values, and a traced tape (a derivation lists each operation): operation by operation.
        `if (${each((r) => `typeof v${r} !== "number"`, " || ")} || tape.trace !== null) ${slowCall};`,
      );
    }

    // The value, one local per operation (post-order).
    let count = 0;
    const values = new Map<FusedTree, string>();
    const forward = (t: FusedTree): string => {
      if (t.kind === "arg") return `v${rep[t.index]}`;
      if (t.kind === "const") return `(${t.text})`;
      const y = `y${count++}`;
      if (t.kind === "unary") lines.push(`const ${y} = __fu_${t.name}(${forward(t.x)});`);
      else lines.push(`const ${y} = __fb_${t.name}(${forward(t.a)}, ${forward(t.b)});`);
      values.set(t, y);
      return y;
    };
    const out = forward(tree);
    const valueOf = (t: FusedTree): string => (t.kind === "arg" ? `v${rep[t.index]}` : t.kind === "const" ? `(${t.text})` : values.get(t)!);

    // The partials, by a reverse sweep: each operation's adjoint, then its operands'. The
    // products are plain; where one is 0·∞ (or a value is NaN) a partial or the tangent comes
    // out NaN, and the expression is computed again operation by operation, whose products
    // have a strong zero (src/core/strong-zero-product.ts): √x·0 at 0 passes 0 as it does there.
    for (const r of reps) lines.push(`let g${r} = 0;`);
    let adjoints = 0;
    const reverse = (t: FusedTree, h: string): void => {
      const pass = (child: FusedTree, partial: string): void => {
        if (child.kind === "const") return;
        const contribution = `${h} * ${partial}`;
        if (child.kind === "arg") {
          lines.push(`g${rep[child.index]} += ${contribution};`);
          return;
        }
        const g = `h${adjoints++}`;
        lines.push(`const ${g} = ${contribution};`);
        reverse(child, g);
      };
      if (t.kind === "unary") pass(t.x, `__fd_${t.name}(${valueOf(t.x)}, ${values.get(t)})`);
      else if (t.kind === "binary") {
        pass(t.a, `__fa_${t.name}(${valueOf(t.a)}, ${valueOf(t.b)}, ${values.get(t)})`);
        pass(t.b, `__fc_${t.name}(${valueOf(t.a)}, ${valueOf(t.b)}, ${values.get(t)})`);
      }
    };
    reverse(tree, "1");

    if (mode === "dual") {
      // The tangent is the partials' combination of the operands' tangents.
      lines.push(`const tangent = ${reps.map((r) => `g${r} * t${r}`).join(" + ")};`, `if (tangent !== tangent) ${slowCall};`, `return new __fxDual(${out}, tangent, tag);`);
    } else {
      // One entry per operand on the tape, chained (the first two in one entry).
      lines.push(`if (${reps.map((r) => `g${r} !== g${r}`).join(" || ")}) ${slowCall};`, "let node = -1, p = 0, chained = false;");
      for (const r of reps) {
        lines.push(`if (i${r} >= 0) { if (node < 0) { node = i${r}; p = g${r}; } else { node = tape.binary(node, p, i${r}, g${r}); p = 1; chained = true; } }`);
      }
      lines.push("if (!chained) node = tape.unary(node, p);", `return new __fxVar(${out}, tape, node);`);
    }
    return `const ${pathName} = (${params}) => { ${lines.join(" ")} };`;
  };
  // Which path: the class of the first operand that is an object (a dual number or not); without
  // the runtime (it failed to load) the fallback.
  const firstObject = Array.from({ length: n }, (_, j) => `typeof a${j} === "object" ? a${j} : `).join("") + "null";
  const dispatch = `const ${name}_ad = (${params}) => __fx === undefined ? ${name}_slow(${params}) : (${firstObject}) instanceof __fxDual ? ${name}_dual(${params}) : ${name}_tape(${params});`;

  const typesAreNumbers = Array.from({ length: n }, (_, j) => `typeof a${j} === "number"`).join(" && ");
  // Text built with + (`s += name + i + sep`) goes straight to the fallback, which the engine can
  // inline where the site is called (through the differentiable path: 2× the loop's time).
  const strings = hasAdd(tree) ? `${Array.from({ length: n }, (_, j) => `typeof a${j} === "string"`).join(" || ")} ? ${name}_slow(${params}) : ` : "";
  const site = `const ${name} = (${params}) => ${typesAreNumbers} ? ${plain(tree)} : ${strings}${name}_ad(${params}); `;
  const slow = `${slowStart}${slowText};`;
  const shift = site.length + slowStart.length;
  return {
    text: `${site}${slow} ${dispatch} ${path("dual", "objects")} ${path("dual", "mixed")} ${path("tape", "objects")} ${path("tape", "mixed")}`,
    operations: operations.map((o) => ({ from: o.from + shift, to: o.to + shift, at: o.at })),
  };
}

function hasAdd(t: FusedTree): boolean {
  if (t.kind === "binary") return t.name === "add" || hasAdd(t.a) || hasAdd(t.b);
  return t.kind === "unary" && hasAdd(t.x);
}

/** An operation's call in a site's fallback text (offsets in the site's text) and its place in the cell (an offset). */
export interface FusedOperationSpan {
  readonly from: number;
  readonly to: number;
  readonly at: number;
}
