/** Central difference of a scalar function of one variable. */
export function centralDiff(f: (x: number) => number, x: number, h = 1e-6 * Math.max(1, Math.abs(x))): number {
  return (f(x + h) - f(x - h)) / (2 * h);
}

/** Central-difference gradient of f: ℝⁿ → ℝ. */
export function numericGrad(f: (x: number[]) => number, x: number[], h = 1e-6): number[] {
  return x.map((_, i) => {
    const plus = x.slice();
    const minus = x.slice();
    plus[i] += h;
    minus[i] -= h;
    return (f(plus) - f(minus)) / (2 * h);
  });
}

/** Central-difference Jacobian of f: ℝⁿ → ℝᵐ, as m rows of n. */
export function numericJacobian(f: (x: number[]) => number[], x: number[], h = 1e-6): number[][] {
  const cols = x.map((_, i) => {
    const plus = x.slice();
    const minus = x.slice();
    plus[i] += h;
    minus[i] -= h;
    const fp = f(plus);
    const fm = f(minus);
    return fp.map((v, k) => (v - fm[k]) / (2 * h));
  });
  return cols[0].map((_, k) => cols.map((c) => c[k]));
}

/** Asserts two nested number structures agree within a relative-or-absolute tolerance. */
export function close(actual: unknown, expected: unknown, tol = 1e-6, path = "value"): void {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) {
      throw new Error(`${path}: expected an array of ${expected.length}, got ${JSON.stringify(actual)}`);
    }
    expected.forEach((e, i) => close(actual[i], e, tol, `${path}[${i}]`));
    return;
  }
  if (typeof actual !== "number" || typeof expected !== "number") {
    throw new Error(`${path}: expected number ${String(expected)}, got ${String(actual)}`);
  }
  const err = Math.abs(actual - expected);
  if (!(err <= tol * Math.max(1, Math.abs(expected))) && !(Number.isNaN(actual) && Number.isNaN(expected))) {
    throw new Error(`${path}: ${actual} differs from ${expected} by ${err} (tolerance ${tol})`);
  }
}

/** A seeded uniform generator for reproducible random points. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}
