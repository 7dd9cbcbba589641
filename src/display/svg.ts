/** Escapes text for XML content and attribute values. */
export function xml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** A number for an SVG attribute (short, never "NaN"). */
export function num(x: number): string {
  return Number.isFinite(x) ? String(Math.round(x * 100) / 100) : "0";
}
