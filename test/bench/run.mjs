// Runs every benchmark script in this folder, one after another, each in its own node
// process (so one workload's garbage and JIT state do not bleed into the next).
// Usage: npm run bench [-- name ...]   e.g. npm run bench -- scalar kernel
import { readdirSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const scripts = readdirSync(here)
  .filter((f) => f.endsWith(".mjs") && f !== "run.mjs" && !f.startsWith("_"))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)))
  .sort();

let failed = 0;
for (const script of scripts) {
  console.log(`\n=== ${script} ===`);
  const result = spawnSync(process.execPath, ["--expose-gc", join(here, script)], { stdio: "inherit" });
  if (result.status !== 0) {
    failed++;
    console.log(`(${script} exited with ${result.status ?? result.signal})`);
  }
}
process.exit(failed === 0 ? 0 : 1);
