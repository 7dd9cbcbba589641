import { describe, expect, it } from "vitest";
import * as vm from "node:vm";
import { resolve } from "node:path";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { loadRuntime, RUNTIME_BUILT_INS } from "../../../kernel/executor/runtime-loader";

const entry = resolve(__dirname, "..", "..", "..", "dist", "src", "index.js");

describe("the runtime loaded in the sandbox's realm", () => {
  it("reads the realm's built-ins as they were when it loaded, not through the context's global object (each Math read through it made randn([1000, 1000]) 600 ms in a cell, 65 ms in Node)", () => {
    const context = vm.createContext({});
    const runtime = loadRuntime(context, entry)!.exports as unknown as { randn(shape: number[], seed: number): { data: Float64Array } };
    const before = runtime.randn([4], 1).data.slice();
    vm.runInContext("globalThis.Math = { sqrt: () => NaN, log: () => NaN, sin: () => NaN, cos: () => NaN, imul: () => 12345, PI: 0 }", context);
    expect(runtime.randn([4], 1).data).toEqual(before);
  });

  it("gets every global its code reads as a parameter (Infinity read through the context's global object made Math.max(i, 5) in a cell 160× Node's)", () => {
    const src = resolve(__dirname, "..", "..", "..", "src");
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (path.endsWith(".ts")) files.push(path);
      }
    };
    walk(src);
    const program = ts.createProgram(files, { noEmit: true, target: ts.ScriptTarget.ES2022, lib: ["lib.es2022.d.ts"], types: [] });
    const checker = program.getTypeChecker();
    /** A global of the language's library, declared at its top level (`declare var Math`, `declare function isNaN`). */
    const isLibraryGlobal = (d: ts.Declaration): boolean =>
      d.getSourceFile().hasNoDefaultLib && ((ts.isVariableDeclaration(d) && ts.isSourceFile(d.parent.parent.parent)) || (ts.isFunctionDeclaration(d) && ts.isSourceFile(d.parent)));
    const read = new Set<string>();
    for (const file of files) {
      const visit = (node: ts.Node): void => {
        if (ts.isTypeNode(node) || ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node) || (ts.isHeritageClause(node) && node.token === ts.SyntaxKind.ImplementsKeyword)) return;
        if (ts.isIdentifier(node)) {
          const symbol = checker.getSymbolAtLocation(node);
          if (symbol && symbol.flags & ts.SymbolFlags.Value && symbol.declarations?.some(isLibraryGlobal)) read.add(node.text);
        }
        ts.forEachChild(node, visit);
      };
      visit(program.getSourceFile(file)!);
    }
    expect(read.size).toBeGreaterThan(10);
    expect([...read].filter((name) => name !== "globalThis" && !RUNTIME_BUILT_INS.includes(name)).sort()).toEqual([]);
  }, 60_000);

  it("computes with Infinity, NaN and typed arrays as in Node", () => {
    const runtime = loadRuntime(vm.createContext({}), entry)!.exports as Record<string, (...a: unknown[]) => unknown>;
    expect(runtime.max(1, 5)).toBe(5);
    expect(runtime.max()).toBe(-Infinity);
    expect(runtime.min()).toBe(Infinity);
    expect(runtime.max(NaN, 1)).toBeNaN();
    expect((runtime.derivative((x: unknown) => runtime.max(x, 0, -1))(2) as number)).toBe(1);
    expect((runtime.sum(new Float64Array([1, 2, 3])) as number)).toBe(6);
  });
});
