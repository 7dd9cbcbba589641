// markdown-it-texmath ships no types; this is the part kernel/run/markdown.ts uses.
declare module "markdown-it-texmath" {
  import type MarkdownIt from "markdown-it";
  const texmath: MarkdownIt.PluginWithOptions<{ engine?: unknown; delimiters?: string | string[]; katexOptions?: Record<string, unknown> }>;
  export = texmath;
}
