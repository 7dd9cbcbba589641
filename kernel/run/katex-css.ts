import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";

let cached: string | undefined;

/**
 * KaTeX's stylesheet with every font inlined as a base64 `data:` URL, so an exported page
 * typesets its formulas offline, from a file:// URL or an e-mail attachment.
 *
 * katex.min.css lists each face as woff2, woff and ttf files next to it; every browser that
 * runs KaTeX reads woff2, so only that one is inlined (~300 kB of fonts instead of ~1 MB).
 */
export function katexCss(): string {
  if (cached !== undefined) return cached;
  const dist = dirname(require.resolve("katex")); // …/katex/dist/katex.js
  const css = readFileSync(join(dist, "katex.min.css"), "utf8");
  const inlined = css.replace(/src:([^;}]*)/g, (whole, sources: string) => {
    const woff2 = /url\(([^)]+\.woff2)\)/.exec(sources);
    if (!woff2) return whole;
    const font = readFileSync(join(dist, woff2[1].replace(/^["']|["']$/g, "")));
    return `src:url(data:font/woff2;base64,${font.toString("base64")}) format("woff2")`;
  });
  if (/url\((?!data:)/.test(inlined)) throw new Error("katex.min.css refers to a font that was not inlined");
  cached = inlined;
  return inlined;
}
