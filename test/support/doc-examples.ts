import { join } from "node:path";
import { Node, Project, SyntaxKind } from "ts-morph";

/*
 * The runtime's @example blocks, as Shift+Tab shows them in a notebook: read by
 * test/src/doc-examples.test.ts (each runs, its stated results checked) and
 * test/src/doc-example-types.test.ts (each type-checks without a warning).
 */

export interface Example {
  readonly name: string;
  readonly code: string;
}

/** The @example blocks of the functions and classes src/index.ts exports, their members' and the runtime's methods (each text once). */
export function examples(): Example[] {
  const project = new Project({ tsConfigFilePath: join(__dirname, "../../tsconfig.src.json") });
  const index = project.getSourceFileOrThrow(join(__dirname, "../../src/index.ts"));
  const found = new Map<string, Example>();
  for (const [name, declarations] of index.getExportedDeclarations()) {
    for (const d of declarations) {
      let docs: string[] = [];
      if (Node.isFunctionDeclaration(d)) {
        const implementation = d.getImplementation() ?? d;
        docs = [implementation, ...implementation.getOverloads()].flatMap((f) => f.getJsDocs()).map((j) => j.getText());
      } else if (Node.isVariableDeclaration(d)) docs = (d.getVariableStatement()?.getJsDocs() ?? []).map((j) => j.getText());
      else if (Node.isClassDeclaration(d)) {
        // The class's comment, its constructor's and its members' (what Shift+Tab shows on `new Tensor(` or `A.toArray`).
        const members = [...d.getConstructors(), ...d.getMembers()].filter((m) => Node.isJSDocable(m));
        docs = [d, ...members].flatMap((m) => (m as unknown as { getJsDocs(): { getText(): string }[] }).getJsDocs()).map((j) => j.getText());
      }
      for (const doc of docs) {
        const code = exampleOf(doc);
        if (code !== undefined && !found.has(code)) found.set(code, { name, code });
      }
    }
  }
  // The methods the runtime adds to Tensor, Dual and Var (module augmentations in ops/methods.ts).
  for (const m of project.getSourceFileOrThrow(join(__dirname, "../../src/ops/methods.ts")).getDescendantsOfKind(SyntaxKind.MethodSignature)) {
    for (const doc of m.getJsDocs().map((j) => j.getText())) {
      const code = exampleOf(doc);
      if (code !== undefined && !found.has(code)) found.set(code, { name: m.getName(), code });
    }
  }
  return [...found.values()];
}

/** The code of a doc comment's @example, without the comment's leading stars. */
function exampleOf(doc: string): string | undefined {
  const block = /@example([\s\S]*?)(?=\n\s*\*\s*@|\*\/)/.exec(doc)?.[1];
  if (block === undefined) return undefined;
  return block
    .split("\n")
    .map((line) => line.replace(/^\s*\*\s?/, ""))
    .join("\n")
    .trim();
}
