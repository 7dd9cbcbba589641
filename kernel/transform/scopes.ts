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
  // Inside a class, its name is the class's own binding (`static zero = new Vec(0, 0)`), also for a declaration.
  if (ts.isClassLike(node) && node.name) return new Set([node.name.text]);
  if (ts.isBlock(node) || ts.isCaseBlock(node) || ts.isModuleBlock(node)) {
    const names = new Set<string>();
    const statements = ts.isCaseBlock(node) ? node.clauses.flatMap((c) => [...c.statements]) : node.statements;
    collectLexical(statements, names);
    return names;
  }
  // Only let and const are the loop's own: a var is its function's (collectVars), or the cell's.
  if ((ts.isForStatement(node) || ts.isForInStatement(node) || ts.isForOfStatement(node)) && node.initializer && ts.isVariableDeclarationList(node.initializer) && node.initializer.flags & ts.NodeFlags.BlockScoped) {
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

interface Declaration {
  name: ts.Identifier;
  /** let, const, class or import: a second declaration of its name is a SyntaxError. */
  lexical: boolean;
}

/**
 * A top-level name the cell declares a second time where JavaScript forbids it (`let a = 1`
 * then `let a = 2`), or null. The transform turns top-level declarations into assignments on
 * the session scope, so V8 never sees the clash; two `var`s or two functions may share a name.
 * Enums and namespaces merge in TypeScript and are left out, as are ambient declarations and
 * overload signatures.
 */
export function redeclaredName(sf: ts.SourceFile): ts.Identifier | null {
  const declarations: Declaration[] = [];
  for (const s of sf.statements) {
    if ((s as ts.HasModifiers).modifiers?.some((m) => m.kind === ts.SyntaxKind.DeclareKeyword)) continue;
    if (ts.isVariableStatement(s) && s.declarationList.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const)) {
      for (const d of s.declarationList.declarations) declarations.push(...bindingIdentifiers(d.name).map((name) => ({ name, lexical: true })));
    } else if (ts.isFunctionDeclaration(s) && s.name && s.body) {
      declarations.push({ name: s.name, lexical: false });
    } else if (ts.isClassDeclaration(s) && s.name) {
      declarations.push({ name: s.name, lexical: true });
    } else if (ts.isImportDeclaration(s) && s.importClause && !s.importClause.isTypeOnly) {
      const c = s.importClause;
      const names = [c.name, c.namedBindings && ts.isNamespaceImport(c.namedBindings) ? c.namedBindings.name : undefined];
      if (c.namedBindings && ts.isNamedImports(c.namedBindings)) names.push(...c.namedBindings.elements.filter((el) => !el.isTypeOnly).map((el) => el.name));
      declarations.push(...names.filter((n): n is ts.Identifier => n !== undefined).map((name) => ({ name, lexical: true })));
    } else if (ts.isImportEqualsDeclaration(s) && !s.isTypeOnly) {
      declarations.push({ name: s.name, lexical: true });
    }
    // `var` anywhere outside functions belongs to the cell's top level too: `{ var a }` clashes with `let a`.
    if (!ts.isFunctionDeclaration(s) && !ts.isClassDeclaration(s)) collectVarIdentifiers(s, declarations);
  }
  declarations.sort((a, b) => a.name.getStart() - b.name.getStart());
  const seen = new Map<string, boolean>();
  for (const { name, lexical } of declarations) {
    const before = seen.get(name.text);
    if (before !== undefined && (before || lexical)) return name;
    seen.set(name.text, Boolean(before) || lexical);
  }
  return null;
}

function bindingIdentifiers(name: ts.BindingName, out: ts.Identifier[] = []): ts.Identifier[] {
  if (ts.isIdentifier(name)) out.push(name);
  else for (const el of name.elements) if (ts.isBindingElement(el)) bindingIdentifiers(el.name, out);
  return out;
}

function collectVarIdentifiers(node: ts.Node, out: Declaration[]): void {
  if (ts.isVariableDeclarationList(node) && !(node.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const))) {
    for (const d of node.declarations) out.push(...bindingIdentifiers(d.name).map((name) => ({ name, lexical: false })));
  }
  if (isFunctionLike(node) || ts.isClassLike(node)) return;
  ts.forEachChild(node, (c) => collectVarIdentifiers(c, out));
}
