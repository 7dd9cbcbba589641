import { closeSync, openSync, readSync } from "node:fs";
import type { Request } from "../context";
import { PROTOCOL_VERSION } from "../wire";

const TYPESCRIPT_VERSION = cellTypeScriptVersion();

/**
 * The TypeScript that compiles and checks cells: the one ts-morph bundles, not the build's
 * own tsc (they differ: 6.0 and 5.9). Read from the head of its source, where it declares
 * `version = "…"`, because loading it takes ~0.65 s and kernel_info must not wait for that.
 */
function cellTypeScriptVersion(): string {
  try {
    const fd = openSync(require.resolve("@ts-morph/common/dist/typescript.js"), "r");
    try {
      const head = Buffer.alloc(512 * 1024);
      const n = readSync(fd, head, 0, head.length, 0);
      return /\bversion = "(\d+\.\d+\.\d+[^"]*)"/.exec(head.toString("utf8", 0, n))?.[1] ?? "unknown";
    } finally {
      closeSync(fd);
    }
  } catch {
    return "unknown";
  }
}

/** kernel_info_request: who we are and which language we speak. */
export async function kernelInfo(req: Request): Promise<void> {
  await req.reply("kernel_info_reply", {
    status: "ok",
    protocol_version: PROTOCOL_VERSION,
    implementation: "nabla",
    implementation_version: "0.1.0",
    language_info: {
      name: "typescript",
      version: TYPESCRIPT_VERSION,
      mimetype: "text/typescript",
      file_extension: ".ts",
      codemirror_mode: { name: "javascript", typescript: true },
      pygments_lexer: "typescript",
    },
    banner: `Nabla ${"0.1.0"} — TypeScript with automatic differentiation (Node ${process.versions.node})`,
    help_links: [
      { text: "Nabla runtime API", url: "https://www.npmjs.com/package/nabla" },
      { text: "TypeScript handbook", url: "https://www.typescriptlang.org/docs/handbook/intro.html" },
    ],
    debugger: false,
  });
}
