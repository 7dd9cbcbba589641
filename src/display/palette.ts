/*
 * A diverging palette centred on zero: blue for negative, white at zero, red for positive
 * (the RdBu scheme's end points), so the sign of a derivative reads at a glance.
 */

const NEG: [number, number, number] = [33, 102, 172];
const MID: [number, number, number] = [247, 247, 247];
const POS: [number, number, number] = [178, 24, 43];

/** The colour of t ∈ [−1, 1]; NaN is grey. */
export function diverging(t: number): string {
  if (Number.isNaN(t)) return "#999999";
  const u = Math.max(-1, Math.min(1, t));
  const end = u < 0 ? NEG : POS;
  const w = Math.abs(u);
  const c = MID.map((m, i) => Math.round(m + (end[i] - m) * w));
  return `#${c.map((v) => v.toString(16).padStart(2, "0")).join("")}`;
}

/** Text that stays readable on a cell of value t. */
export function inkOn(t: number): string {
  return Math.abs(t) > 0.6 ? "#ffffff" : "#222222";
}
