import { flushStreams, writeStream } from "./output";

/*
 * What %time and %timeit print, in IPython's words and units.
 */

/** 1.23 ms, 456 µs, 12.3 s … */
export function formatDuration(seconds: number): string {
  const units: [number, string][] = [[1, "s"], [1e-3, "ms"], [1e-6, "µs"], [1e-9, "ns"]];
  for (const [scale, unit] of units) {
    if (Math.abs(seconds) >= scale || unit === "ns") return `${(seconds / scale).toPrecision(3)} ${unit}`;
  }
  return `${seconds} s`;
}

let started: { wall: number; cpu: NodeJS.CpuUsage } | null = null;

export function timeStart(): void {
  started = { wall: performance.now(), cpu: process.cpuUsage() };
}

/** Ends a %time: prints CPU and wall time, and passes through the timed expression's value. */
export function timeEnd<T>(_started?: void, value?: T): T | undefined {
  if (!started) return value;
  const wall = (performance.now() - started.wall) / 1000;
  const cpu = process.cpuUsage(started.cpu);
  started = null;
  const user = cpu.user / 1e6;
  const sys = cpu.system / 1e6;
  writeStream("stdout", `CPU times: user ${formatDuration(user)}, sys: ${formatDuration(sys)}, total: ${formatDuration(user + sys)}\nWall time: ${formatDuration(wall)}\n`);
  flushStreams();
  return value;
}

/**
 * Runs fn in loops sized so one run takes ≥ 0.2 s (at most 10⁶ loops), 7 runs, and prints
 * the mean ± standard deviation per loop. Options as IPython: `-n N` loops, `-r R` runs.
 */
export function timeit(options: string, fn: () => unknown): void {
  const n = /-n\s*(\d+)/.exec(options);
  const r = /-r\s*(\d+)/.exec(options);
  const runs = r ? Number(r[1]) : 7;
  let loops = n ? Number(n[1]) : 1;
  if (!n) {
    for (;;) {
      const t = performance.now();
      for (let i = 0; i < loops; i++) fn();
      const dt = performance.now() - t;
      if (dt >= 200 || loops >= 1_000_000) break;
      loops = Math.min(1_000_000, loops * (dt < 20 ? 10 : 2));
    }
  }
  const perLoop: number[] = [];
  for (let k = 0; k < runs; k++) {
    const t = performance.now();
    for (let i = 0; i < loops; i++) fn();
    perLoop.push((performance.now() - t) / 1000 / loops);
  }
  const mean = perLoop.reduce((a, b) => a + b, 0) / runs;
  const std = Math.sqrt(perLoop.reduce((a, b) => a + (b - mean) ** 2, 0) / runs);
  writeStream(
    "stdout",
    `${formatDuration(mean)} ± ${formatDuration(std)} per loop (mean ± std. dev. of ${runs} run${runs === 1 ? "" : "s"}, ${loops.toLocaleString("en-US")} loop${loops === 1 ? "" : "s"} each)\n`,
  );
  flushStreams();
}
