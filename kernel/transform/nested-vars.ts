import { ts } from "ts-morph";
import type { Edit } from "./source-map";

/*
 * `var` declared in a block or loop at the cell's top level — `for (var i = 0; …)`,
 * `if (ok) { var y = 5 }` — belongs to the cell's top level in JavaScript, as a top-level
 * `var` does, so it is a session name too. Left a local of the cell's function, a later cell
 * could not read it (ReferenceError) and, where an earlier cell had declared the name, the
 * cell's own later reads saw the earlier value (`var w = 1` then `for (var w = 0; w < 3; w++) {}; w`
 * gave 1).
 */

/** The `var` declaration lists outside any function or class, except those of top-level statements (rewriteTopLevel's). */
export function nestedVarLists(sf: ts.SourceFile): ts.VariableDeclarationList[] {
  const lists: ts.VariableDeclarationList[] = [];
  const walk = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) || ts.isClassLike(node) || ts.isModuleDeclaration(node)) return;
    if (ts.isVariableDeclarationList(node) && (node.flags & ts.NodeFlags.BlockScoped) === 0 && !isStatementOfCell(node, sf) && !isAmbient(node)) lists.push(node);
    ts.forEachChild(node, walk);
  };
  ts.forEachChild(sf, walk);
  return lists;
}

function isStatementOfCell(list: ts.VariableDeclarationList, sf: ts.SourceFile): boolean {
  return ts.isVariableStatement(list.parent) && list.parent.parent === sf;
}

function isAmbient(list: ts.VariableDeclarationList): boolean {
  return ts.isVariableStatement(list.parent) && Boolean(list.parent.modifiers?.some((m) => m.kind === ts.SyntaxKind.DeclareKeyword));
}

/** The identifiers a binding name binds, in order. */
function boundIdentifiers(name: ts.BindingName, out: ts.Identifier[] = []): ts.Identifier[] {
  if (ts.isIdentifier(name)) out.push(name);
  else for (const el of name.elements) if (ts.isBindingElement(el)) boundIdentifiers(el.name, out);
  return out;
}

/** The names the nested `var`s bind. */
export function nestedVarNames(lists: readonly ts.VariableDeclarationList[]): string[] {
  return [...new Set(lists.flatMap((list) => list.declarations.flatMap((d) => boundIdentifiers(d.name).map((id) => id.text))))];
}

/**
 * Rewrites each list as assignments to the session scope through `declarer`: `var y = 5` →
 * `__declLet.y = 5`, `for (var i = 0, n = 3; …)` → `for (__declLet.i = 0, __declLet.n = 3; …)`,
 * `for (var k in o)` → `for (__declLet.k in o)`, `var [a, b] = f()` → `[__declLet.a, __declLet.b] = f()`,
 * `var { p, q: r } = o` → `({ p: __declLet.p, q: __declLet.r } = o)`. A declaration without an
 * initializer reads the name (the var exists from the cell's start: see hoistedVars) and keeps its value,
 * as JavaScript's `var x;` does.
 */
export function rewriteNestedVars(lists: readonly ts.VariableDeclarationList[], declarer: string, edits: Edit[]): void {
  for (const list of lists) {
    const first = list.declarations[0];
    if (!first) continue;
    // A statement that would start with `{` is a block: parenthesise the assignment.
    const parenthesise = ts.isVariableStatement(list.parent) && ts.isObjectBindingPattern(first.name);
    edits.push({ start: list.getStart(), end: first.getStart(), text: parenthesise ? "(" : "" });
    if (parenthesise) edits.push({ start: list.end, end: list.end, text: ")" });
    for (const d of list.declarations) {
      for (const id of boundIdentifiers(d.name)) {
        const el = id.parent;
        const shorthand = ts.isBindingElement(el) && ts.isObjectBindingPattern(el.parent) && !el.propertyName && !el.dotDotDotToken;
        edits.push({ start: id.getStart(), end: id.getStart(), text: shorthand ? `${id.text}: ${declarer}.` : `${declarer}.` });
      }
      const typeEnd = d.type ? d.type.end : d.exclamationToken ? d.exclamationToken.end : d.name.end;
      if (typeEnd > d.name.end) edits.push({ start: d.name.end, end: typeEnd, text: "" });
    }
  }
}

/** The cell's prelude lines that make each nested var exist from the cell's start (undefined unless the session has it). */
export function hoistedVars(names: readonly string[], declarer: string): string[] {
  return names.map((name) => `if (!Object.hasOwn(scope, ${JSON.stringify(name)})) ${declarer}.${name} = undefined;`);
}
