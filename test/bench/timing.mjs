// Shared timing helpers for the benchmark scripts: warm up, then the median of many runs.
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/**
 * Median wall time of fn in milliseconds, after warm-up runs. Each measurement starts from a
 * collected heap (run.mjs starts node with --expose-gc): otherwise the garbage of the previous
 * one — W1's TF.js pass makes some 10⁵ tensors — is collected while the next is timed (W2
 * measured 2.6–2.8× after it, 2.0–2.2× from a collected heap).
 */
export function time(fn, { warmup = 3, runs = 15, maxMs = 4000 } = {}) {
  globalThis.gc?.();
  for (let i = 0; i < warmup; i++) fn();
  const times = [];
  const start = performance.now();
  for (let i = 0; i < runs && (i < 3 || performance.now() - start < maxMs); i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  return median(times);
}

export async function timeAsync(fn, opts = {}) {
  const { warmup = 2, runs = 9 } = opts;
  for (let i = 0; i < warmup; i++) await fn();
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return median(times);
}

export function table(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  for (const r of rows) console.log(r.map((v, c) => String(v).padEnd(widths[c])).join("  "));
}

export const fmt = (ms) => (ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toFixed(2)} ms`);
