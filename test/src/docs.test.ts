import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { Node, Project } from "ts-morph";

/*
 * STYLE.md: every public runtime function has a doc comment with a runnable example — it
 * is what a notebook user sees on inspection (shift-tab). This reads src/index.ts's exports
 * with the TypeScript compiler and checks each one.
 */
describe("the runtime's public API is documented", () => {
  it("every exported function has a doc comment with an @example; every exported class a doc comment", () => {
    const project = new Project({ tsConfigFilePath: join(__dirname, "../../tsconfig.src.json") });
    const index = project.getSourceFileOrThrow(join(__dirname, "../../src/index.ts"));
    const missing: string[] = [];
    let functions = 0;
    for (const [name, declarations] of index.getExportedDeclarations()) {
      for (const d of declarations) {
        if (Node.isFunctionDeclaration(d)) {
          functions++;
          // Overloaded functions carry their comment on one of the signatures.
          const implementation = d.getImplementation() ?? d;
          const docs = [implementation, ...implementation.getOverloads()].flatMap((f) => f.getJsDocs()).map((j) => j.getText()).join("\n");
          if (!/@example/.test(docs)) missing.push(`${name} (function)`);
        } else if (Node.isVariableDeclaration(d) && d.getType().getCallSignatures().length > 0) {
          functions++;
          const docs = (d.getVariableStatement()?.getJsDocs() ?? []).map((j) => j.getText()).join("\n");
          if (!/@example/.test(docs)) missing.push(`${name} (function)`);
        } else if (Node.isClassDeclaration(d) && d.getJsDocs().length === 0) {
          missing.push(`${name} (class)`);
        }
      }
    }
    expect(functions, "functions checked").toBeGreaterThan(100);
    expect([...new Set(missing)]).toEqual([]);
  });
});
