/** Escapes text for XML content and attribute values. */
export function xml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** A number for an SVG attribute (short, never "NaN"). */
export function num(x: number): string {
  return Number.isFinite(x) ? String(Math.round(x * 100) / 100) : "0";
}

/**
 * A bold title that fits in maxWidth: long titles get a smaller font (down to 10 px) and,
 * if still too long, are squeezed with textLength rather than cut off at the picture's edge.
 * Widths are estimated (≈ 0.6 em per character of a sans-serif bold face).
 */
export function svgTitle(text: string, x: number, y: number, maxWidth: number, fontSize = 14): string {
  const chars = [...text].length;
  const size = Math.max(10, Math.min(fontSize, Math.floor(maxWidth / (0.6 * Math.max(chars, 1)))));
  const squeeze = chars * 0.6 * size > maxWidth ? ` textLength="${num(maxWidth)}" lengthAdjust="spacingAndGlyphs"` : "";
  return `<text class="title" x="${num(x)}" y="${num(y)}" font-size="${size}" font-weight="bold"${squeeze}>${xml(text)}</text>`;
}
