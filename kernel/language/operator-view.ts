import { ts } from "ts-morph";
import { ARITHMETIC_OPERATORS, COMPOUND_OPERATORS } from "../transform/operator-names";

/**
 * The cell as the type checker should see it. In a cell, `A * A` on tensors is a tensor
 * (the cell transform routes operators through the runtime), but TypeScript types every
 * arithmetic expression as number — so `(A * A).T` or `const C = A * A; C.shape` would get
 * false warnings and number completions. The view writes arithmetic as calls, `A * A` →
 * `__mul(A, A)`, whose declared overloads give the runtime's result types, and maps
 * positions between the cell and the view both ways.
 */
export interface OperatorView {
  readonly text: string;
  /** A cell offset (a cursor) as a view offset. */
  toView(cellOffset: number): number;
  /** A view offset (a diagnostic) as a cell offset. */
  toCell(viewOffset: number): number;
}

interface Edit {
  start: number;
  end: number;
  text: string;
  /** An opener (`__mul(`) goes before a cursor at its position, a closer after it. */
  opener: boolean;
}

/** The one-argument functions of Math the runtime differentiates. */
const MATH_UNARY = ["abs", "acos", "acosh", "asin", "asinh", "atan", "atanh", "cbrt", "ceil", "cos", "cosh", "exp", "expm1", "floor", "fround", "log", "log1p", "log10", "log2", "round", "sign", "sin", "sinh", "sqrt", "tan", "tanh", "trunc"];
/** Those of them with derivative 0, which give a number for a scalar dual number or tape variable (src/core/piecewise-constant.ts). */
const MATH_STEPS = new Set(["ceil", "floor", "round", "sign", "trunc"]);
const MATH_BINARY = ["atan2", "pow"];
const MATH_VARIADIC = ["hypot", "max", "min"];
const MATH_FUNCTIONS = new Set([...MATH_UNARY, ...MATH_BINARY, ...MATH_VARIADIC]);

/** The type of Math[f](x) for x of type T. */
function unaryResult(f: string): string {
  return MATH_STEPS.has(f) ? "[T] extends [number | __ScalarDual | __ScalarVar] ? number : __Arith<T, T>" : "__Arith<T, T>";
}

/** Declarations of the view's operator functions, for a checker that knows Tensor, Dual and Var. */
export const OPERATOR_DECLARATIONS = [
  // The result of arithmetic on runtime values: a tensor if either is one, else a tape
  // variable, else a dual number, else a number (any stays any, and so does unknown — what
  // grad(f)(x) returns —, which may be a tensor).
  // A dual number or tape variable of plain numbers (dual(2, 1), variable(3)) stays one: its value, tangent and grad are numbers.
  "type __ScalarDual = Dual & { readonly value: number; readonly tangent: number };",
  "type __ScalarVar = Var & { readonly value: number; readonly grad: number };",
  "type __Arith<A, B> = 0 extends 1 & (A | B) ? any : unknown extends A | B ? any : [Extract<A | B, Tensor>] extends [never] ? ([Extract<A | B, Var>] extends [never] ? ([Extract<A | B, Dual>] extends [never] ? number : [A | B] extends [number | __ScalarDual] ? __ScalarDual : Dual) : [A | B] extends [number | __ScalarVar] ? __ScalarVar : Var) : Tensor;",
  ...["__add", "__sub", "__mul", "__div", "__mod", "__pow"].flatMap((f) => [
    `declare function ${f}(a: number, b: number): number;`,
    `declare function ${f}(a: bigint, b: bigint): bigint;`,
    ...(f === "__add" ? ["declare function __add(a: string, b: unknown): string;", "declare function __add(a: unknown, b: string): string;"] : []),
    `declare function ${f}<A, B>(a: A, b: B): __Arith<A, B>;`,
  ]),
  "declare function __neg(a: number): number;",
  "declare function __neg(a: bigint): bigint;",
  "declare function __neg<A>(a: A): __Arith<A, A>;",
  "declare function __plus(a: number): number;",
  "declare function __plus<A>(a: A): __Arith<A, A>;",
  // In a cell Math is the runtime's: its functions take tensors, dual numbers and tape variables too.
  "type __MathArg = number | Tensor | Dual | Var;",
  "interface Math {",
  ...MATH_UNARY.map((f) => `  ${f}<T extends __MathArg>(x: T): ${unaryResult(f)};`),
  ...MATH_BINARY.map((f) => `  ${f}<A extends __MathArg, B extends __MathArg>(a: A, b: B): __Arith<A, B>;`),
  ...MATH_VARIADIC.map((f) => `  ${f}<T extends __MathArg[]>(...values: T): __Arith<T[number], T[number]>;`),
  // Last, the standard library's on numbers: Math.min.call(null, 1, 2) and Math.max.apply(null, xs)
  // are typed by the last overload, whose type parameters at their constraints gave a Tensor.
  ...MATH_UNARY.map((f) => `  ${f}(x: number): number;`),
  ...MATH_BINARY.map((f) => `  ${f}(a: number, b: number): number;`),
  ...MATH_VARIADIC.map((f) => `  ${f}(...values: number[]): number;`),
  "}",
  // Math's functions as values (xs.map(Math.sin)): TypeScript types a function with overloads
  // passed as an argument by its last overload with its type parameters at their constraints
  // (xs.map(Math.exp) of numbers was a Tensor[]), but instantiates a function with one generic
  // signature for the argument (a number for a number, a Tensor for a tensor). The view reads
  // Math there as __Math, whose functions have that one signature.
  "interface __MathFunctions {",
  ...MATH_UNARY.map((f) => `  ${f}: <T extends __MathArg>(x: T) => ${unaryResult(f)};`),
  ...MATH_BINARY.map((f) => `  ${f}: <A extends __MathArg, B extends __MathArg>(a: A, b: B) => __Arith<A, B>;`),
  ...MATH_VARIADIC.map((f) => `  ${f}: <T extends __MathArg[]>(...values: T) => __Arith<T[number], T[number]>;`),
  "}",
  "declare const __Math: Omit<Math, keyof __MathFunctions> & __MathFunctions;",
];

/** For a checker without the runtime's types: the operators return any (no false warnings). */
export const UNTYPED_OPERATOR_DECLARATIONS = [
  ...["__add", "__sub", "__mul", "__div", "__mod", "__pow"].map((f) => `declare function ${f}(a: any, b: any): any;`),
  "declare function __neg(a: any): any;",
  "declare function __plus(a: any): any;",
  "declare const __Math: Math;",
];

/**
 * The view of a cell (its text unchanged when it has no arithmetic). `annotations` gives type
 * annotations to insert at cell offsets (`let acc = 0` → `let acc: number | Tensor = 0`, see
 * service.ts).
 */
export function operatorView(code: string, annotations: ReadonlyMap<number, string> = new Map()): OperatorView {
  const sf = ts.createSourceFile("view.ts", code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const edits: Edit[] = [...annotations].map(([at, type]) => ({ start: at, end: at, text: `: ${type}`, opener: false }));
  const visit = (node: ts.Node): void => {
    // Enum members are numbers or strings, and a const enum's must stay constant expressions
    // (const enum K { A = 1 + 1 } as __add(1, 1) warned TS2474): TypeScript's own arithmetic.
    if (ts.isTypeNode(node) || ts.isEnumDeclaration(node)) return;
    if (ts.isBinaryExpression(node)) {
      const fn = ARITHMETIC_OPERATORS.get(node.operatorToken.kind);
      const compound = COMPOUND_OPERATORS.get(node.operatorToken.kind);
      if (compound) {
        // W -= lr * g → W = __sub(W, lr * g), as the cell transform writes it: the variable
        // takes the operator's result (acc += T with acc = 0 makes acc the tensor).
        edits.push({ start: node.operatorToken.getStart(), end: node.operatorToken.end, text: `= ${compound}(${code.slice(node.left.getStart(), node.left.end)},`, opener: false });
        edits.push({ start: node.end, end: node.end, text: ")", opener: false });
      } else if (fn) {
        edits.push({ start: node.getStart(), end: node.getStart(), text: `${fn}(`, opener: true });
        edits.push({ start: node.operatorToken.getStart(), end: node.operatorToken.end, text: ",", opener: false });
        edits.push({ start: node.end, end: node.end, text: ")", opener: false });
      }
    } else if (isMathFunctionValue(node)) {
      edits.push({ start: node.getStart(), end: node.getStart(), text: "__", opener: true });
    } else if (ts.isPrefixUnaryExpression(node) && (node.operator === ts.SyntaxKind.MinusToken || node.operator === ts.SyntaxKind.PlusToken) && !ts.isNumericLiteral(node.operand)) {
      edits.push({ start: node.getStart(), end: node.getStart() + 1, text: node.operator === ts.SyntaxKind.MinusToken ? "__neg(" : "__plus(", opener: true });
      edits.push({ start: node.end, end: node.end, text: ")", opener: false });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  if (edits.length === 0) return { text: code, toView: (o) => o, toCell: (o) => o };
  // In text order; at one position closers of inner expressions come before openers of the
  // next, and among openers the outer expression's (found first) comes first.
  const ordered = edits
    .map((e, i) => ({ ...e, i }))
    .sort((a, b) => a.start - b.start || Number(a.opener) - Number(b.opener) || (a.opener ? a.i - b.i : b.i - a.i));
  // Segments of the view: copied cell text, or text the view added in place of [start, end).
  const parts: string[] = [];
  const segments: { viewStart: number; viewEnd: number; cellStart: number; cellEnd: number; copied: boolean; opener: boolean }[] = [];
  let cell = 0;
  let view = 0;
  const push = (text: string, cellStart: number, cellEnd: number, copied: boolean, opener: boolean): void => {
    parts.push(text);
    segments.push({ viewStart: view, viewEnd: view + text.length, cellStart, cellEnd, copied, opener });
    view += text.length;
  };
  for (const e of ordered) {
    if (e.start > cell) push(code.slice(cell, e.start), cell, e.start, true, false);
    push(e.text, e.start, Math.max(e.end, e.start), false, e.opener);
    cell = Math.max(cell, e.end);
  }
  if (cell < code.length) push(code.slice(cell), cell, code.length, true, false);
  return {
    text: parts.join(""),
    toView: (offset) => {
      for (const s of segments) {
        if (s.copied && offset >= s.cellStart && offset < s.cellEnd) return s.viewStart + (offset - s.cellStart);
        // A cursor at an insertion point stays before closers and goes after openers.
        if (!s.copied && s.cellStart === offset && s.cellEnd === offset && !s.opener) return s.viewStart;
        if (!s.copied && s.cellStart === offset && s.cellEnd > offset) return s.viewStart;
      }
      return view + (offset - code.length);
    },
    toCell: (offset) => {
      for (const s of segments) {
        if (offset >= s.viewStart && offset < s.viewEnd) return s.copied ? s.cellStart + (offset - s.viewStart) : s.cellStart;
      }
      return code.length + Math.max(0, offset - view);
    },
  };
}

/**
 * `Math.sin` used as a value rather than called: passed (xs.map(Math.sin)) or kept (const f =
 * Math.exp). Not `Math.sin(x)`, nor `(Math.sin)(x)`, nor `Math.max.apply(…)`, nor an assignment to it.
 */
function isMathFunctionValue(node: ts.Node): node is ts.Identifier {
  const access = node.parent;
  if (!(ts.isIdentifier(node) && node.text === "Math" && access && ts.isPropertyAccessExpression(access) && access.expression === node)) return false;
  if (!MATH_FUNCTIONS.has(access.name.text)) return false;
  let outer: ts.Node = access;
  while (ts.isParenthesizedExpression(outer.parent)) outer = outer.parent;
  const use = outer.parent;
  if (ts.isCallExpression(use) && use.expression === outer) return false;
  // Math.max.apply(null, xs), Math.sin.name: a member of the function, typed as the standard library's.
  if ((ts.isPropertyAccessExpression(use) || ts.isElementAccessExpression(use)) && use.expression === outer) return false;
  if (ts.isTaggedTemplateExpression(use) && use.tag === outer) return false;
  return !(ts.isBinaryExpression(use) && use.left === outer && use.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && use.operatorToken.kind <= ts.SyntaxKind.LastAssignment);
}
