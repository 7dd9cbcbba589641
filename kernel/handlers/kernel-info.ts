import type { Request } from "../context";
import { PROTOCOL_VERSION } from "../wire";

const TYPESCRIPT_VERSION = "5.9";

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
