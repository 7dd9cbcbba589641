// markdown-it-texmath ships no types; this is the part kernel/run/markdown.ts uses.
declare module "markdown-it-texmath" {
  interface Rule { name: string; rex: RegExp; tmpl: string; tag: string; displayMode?: boolean; [k: string]: unknown }
  interface Options { engine?: unknown; delimiters?: string | string[]; katexOptions?: Record<string, unknown> }
  // `md` is a MarkdownIt instance; typed loosely so this file needs no import of @types/markdown-it.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  type Texmath = ((md: any, options?: Options) => void) & {
    /** Delimiter sets by name ("dollars", "brackets", …); `delimiters` picks one. */
    rules: Record<string, { inline: Rule[]; block: Rule[] }>;
  };
  const texmath: Texmath;
  export = texmath;
}
