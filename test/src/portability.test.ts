import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

const SRC = join(__dirname, "..", "..", "src");
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : f.endsWith(".ts") ? [join(dir, f)] : []));

describe("the runtime in src/ runs anywhere JavaScript runs", () => {
  it.each(files(SRC).map((f) => [f.slice(SRC.length + 1), f]))("%s imports only runtime modules", (_name, file) => {
    const text = readFileSync(file, "utf8");
    const specs = [...text.matchAll(/from\s+"([^"]+)"|require\("([^"]+)"\)|import\("([^"]+)"\)/g)].map((m) => m[1] ?? m[2] ?? m[3]);
    expect(specs.filter((s) => !s.startsWith("."))).toEqual([]);
    expect(text).not.toMatch(/\bprocess\.|\bBuffer\b|__dirname/);
  });
});
