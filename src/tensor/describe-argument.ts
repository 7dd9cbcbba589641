/**
 * An argument that should have been a plain number (an axis, a size, a shape entry, an index),
 * as an error names it. A dual number or tape variable there — an axis or size computed from
 * a differentiated value — read "got object" or "got {"value":1}". Classes are told apart by
 * name: this file sits below the ones that define Dual and Var.
 */
export function describeArgument(v: unknown): string {
  if (v === null || v === undefined) return String(v);
  if (typeof v === "string") return `the string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + "…" : v)}`;
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (typeof v === "function") return "a function";
  if (typeof v === "object") {
    const name = v.constructor?.name;
    if (name === "Dual" || name === "Var") return `a differentiable value, ${String(v)} (a plain number is needed here: primal(x) is its value)`;
    if (name === "Tensor") return `a tensor of shape (${(v as { shape: number[] }).shape.join("×")})`;
    return `an object (${name ?? "Object"})`;
  }
  return `${typeof v} ${String(v)}`;
}
