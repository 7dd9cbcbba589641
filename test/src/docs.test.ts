import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { readFileSync } from "node:fs";
import * as runtime from "../../src/index";
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

  it("every runtime export is named in the README's API table, and every name the table shows in code is one", () => {
    const readme = readFileSync(join(__dirname, "../../README.md"), "utf8");
    const table = readme.slice(readme.indexOf("## The runtime API"), readme.indexOf("\nConventions:"));
    // The table lists some runs as a range: `sin` … `atanh` (Math's), `isShapeError` … `isDifferentiationError`.
    const inRanges = ["tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh", "acosh", "isLinAlgError", "isDerivativeLostError"];
    const named = (name: string) => new RegExp(`(^|[^\\w.])${name}(?!\\w)`).test(table);
    expect(Object.keys(runtime).filter((name) => !inRanges.includes(name) && !named(name))).toEqual([]);
    // A code span that is a call (`norm(x, ord, axis, keepDims)`) or a list of names (`solve inv det`): each is an export.
    const spans = [...table.matchAll(/\|[^|\n]*\|([^\n]*)\|/g)].flatMap((row) => [...row[1].matchAll(/`([^`]+)`/g)].map((m) => m[1]));
    const listed = spans.flatMap((code) => (/^[A-Za-z]\w*( [A-Za-z]\w*)+$/.test(code) ? code.split(" ") : /^([A-Za-z]\w*)\(/.exec(code)?.slice(1, 2) ?? []));
    expect(listed.length, "names found in the table").toBeGreaterThan(80);
    const cellGlobals = ["display", "html", "md", "svg"];
    expect(listed.filter((name) => !(name in runtime) && !cellGlobals.includes(name))).toEqual([]);
  });
});
