/*
 * Reads the line part of a source map: for each generated line, the source line its first
 * mapping points at. Enough to put a cell's own line numbers into a traceback.
 */

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

function decodeVlq(segment: string): number[] {
  const values: number[] = [];
  let shift = 0;
  let value = 0;
  for (const ch of segment) {
    const digit = BASE64.indexOf(ch);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
    } else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return values;
}

/** generated line (0-based) → source line (0-based), or -1 where a line has no mapping. */
export function lineTable(mappings: string): number[] {
  const table: number[] = [];
  let sourceLine = 0;
  for (const line of mappings.split(";")) {
    let first = -1;
    for (const segment of line.split(",")) {
      if (!segment) continue;
      const v = decodeVlq(segment);
      if (v.length >= 4) {
        sourceLine += v[2];
        if (first < 0) first = sourceLine;
      }
    }
    table.push(first);
  }
  return table;
}
