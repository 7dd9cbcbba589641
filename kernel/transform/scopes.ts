import { ts } from "ts-morph";

/*
 * Just enough scope analysis to tell a reference to a session variable (rewritten to
 * `scope.name`) from a local of the same name inside a function or block.
 */

/** Names bound by a binding name (identifier or destructuring pattern). */
export function bindingNames(name: ts.BindingName, out: string[] = []): string[] {
  if (ts.isIdentifier(name)) out.push(name.text);
  else {
    for (const el of name.elements) {
      if (ts.isBindingElement(el)) bindingNames(el.name, out);
    }
  }
  return out;
}

function isFunctionLike(node: ts.Node): node is ts.SignatureDeclaration {
  return (
    ts.isFunctionDeclaration(node) ||
    ts.isFunctionExpression(node) ||
    ts.isArrowFunction(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isConstructorDeclaration(node) ||
    ts.isGetAccessorDeclaration(node) ||
    ts.isSetAccessorDeclaration(node)
  );
}

/** `var` declarations anywhere in a function body, not inside nested functions. */
function collectVars(node: ts.Node, out: Set<string>): void {
  if (ts.isVariableDeclarationList(node) && !(node.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const))) {
    for (const d of node.declarations) bindingNames(d.name).forEach((n) => out.add(n));
  }
  if (isFunctionLike(node) || ts.isClassLike(node)) return;
  ts.forEachChild(node, (c) => collectVars(c, out));
}

/** let/const/class/function/enum declared directly in a list of statements. */
function collectLexical(statements: readonly ts.Statement[], out: Set<string>): void {
  for (const s of statements) {
    if (ts.isVariableStatement(s) && s.declarationList.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const)) {
      for (const d of s.declarationList.declarations) bindingNames(d.name).forEach((n) => out.add(n));
    } else if ((ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s) || ts.isEnumDeclaration(s)) && s.name) {
      out.add(s.name.text);
    }
  }
}

/** The names a node binds for its descendants, or null when it opens no scope. */
export function scopeNames(node: ts.Node): Set<string> | null {
  if (isFunctionLike(node)) {
    const names = new Set<string>();
    for (const p of node.parameters) bindingNames(p.name).forEach((n) => names.add(n));
    if ((ts.isFunctionExpression(node) || ts.isFunctionDeclaration(node)) && node.name && ts.isFunctionExpression(node)) {
      names.add(node.name.text);
    }
    const body = (node as ts.FunctionLikeDeclaration).body;
    if (body) {
      collectVars(body, names);
      if (ts.isBlock(body)) collectLexical(body.statements, names);
    }
    names.add("arguments");
    return names;
  }
  if (ts.isClassExpression(node) && node.name) return new Set([node.name.text]);
  if (ts.isBlock(node) || ts.isCaseBlock(node) || ts.isModuleBlock(node)) {
    const names = new Set<string>();
    const statements = ts.isCaseBlock(node) ? node.clauses.flatMap((c) => [...c.statements]) : node.statements;
    collectLexical(statements, names);
    return names;
  }
  if ((ts.isForStatement(node) || ts.isForInStatement(node) || ts.isForOfStatement(node)) && node.initializer && ts.isVariableDeclarationList(node.initializer)) {
    const names = new Set<string>();
    for (const d of node.initializer.declarations) bindingNames(d.name).forEach((n) => names.add(n));
    return names;
  }
  if (ts.isCatchClause(node) && node.variableDeclaration) {
    return new Set(bindingNames(node.variableDeclaration.name));
  }
  return null;
}

/** True when an identifier is a name being read or assigned, not a key, label or declaration. */
export function isReference(id: ts.Identifier): boolean {
  const p = id.parent;
  if (ts.isPropertyAccessExpression(p) && p.name === id) return false;
  if ((ts.isPropertyAssignment(p) || ts.isMethodDeclaration(p) || ts.isPropertyDeclaration(p) || ts.isGetAccessorDeclaration(p) || ts.isSetAccessorDeclaration(p) || ts.isEnumMember(p) || ts.isPropertySignature(p) || ts.isMethodSignature(p)) && p.name === id) {
    return false;
  }
  if ((ts.isVariableDeclaration(p) || ts.isParameter(p) || ts.isFunctionDeclaration(p) || ts.isFunctionExpression(p) || ts.isClassDeclaration(p) || ts.isClassExpression(p) || ts.isEnumDeclaration(p) || ts.isModuleDeclaration(p) || ts.isTypeParameterDeclaration(p)) && p.name === id) {
    return false;
  }
  if (ts.isBindingElement(p) && (p.name === id || p.propertyName === id)) return false;
  if (ts.isLabeledStatement(p) || ts.isBreakStatement(p) || ts.isContinueStatement(p)) return false;
  if (ts.isImportSpecifier(p) || ts.isExportSpecifier(p) || ts.isImportClause(p) || ts.isNamespaceImport(p)) return false;
  if (ts.isMetaProperty(p) || ts.isQualifiedName(p)) return false;
  if (ts.isJsxAttribute(p)) return false;
  return true;
}
