/**
 * Contour line segments of a sampled function at one level, by marching squares: for each
 * grid cell, the edges where the values cross the level, joined pairwise. Ambiguous saddle
 * cells are split by the cell's centre value. Coordinates are in grid units (column, row).
 */
export function contourSegments(values: Float64Array, cols: number, rows: number, level: number): [number, number, number, number][] {
  const segments: [number, number, number, number][] = [];
  const at = (i: number, j: number) => values[j * cols + i];
  const lerp = (a: number, b: number) => (a === b ? 0.5 : (level - a) / (b - a));
  for (let j = 0; j < rows - 1; j++) {
    for (let i = 0; i < cols - 1; i++) {
      const v = [at(i, j), at(i + 1, j), at(i + 1, j + 1), at(i, j + 1)];
      if (v.some((x) => !Number.isFinite(x))) continue;
      // Crossing points on the four edges: top, right, bottom, left.
      const pts: ([number, number] | null)[] = [
        (v[0] < level) !== (v[1] < level) ? [i + lerp(v[0], v[1]), j] : null,
        (v[1] < level) !== (v[2] < level) ? [i + 1, j + lerp(v[1], v[2])] : null,
        (v[3] < level) !== (v[2] < level) ? [i + lerp(v[3], v[2]), j + 1] : null,
        (v[0] < level) !== (v[3] < level) ? [i, j + lerp(v[0], v[3])] : null,
      ];
      const crossing = pts.filter((p): p is [number, number] => p !== null);
      if (crossing.length === 2) {
        segments.push([crossing[0][0], crossing[0][1], crossing[1][0], crossing[1][1]]);
      } else if (crossing.length === 4) {
        const centre = (v[0] + v[1] + v[2] + v[3]) / 4;
        const [t, r, b, l] = pts as [number, number][];
        if ((centre < level) === (v[0] < level)) {
          segments.push([t[0], t[1], r[0], r[1]], [b[0], b[1], l[0], l[1]]);
        } else {
          segments.push([t[0], t[1], l[0], l[1]], [b[0], b[1], r[0], r[1]]);
        }
      }
    }
  }
  return segments;
}
