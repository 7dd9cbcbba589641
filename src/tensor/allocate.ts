/**
 * A zeroed Float64Array of `size` numbers for the tensor `what()` describes, or a RangeError
 * that names it and its size in bytes: V8's own errors ("Invalid typed array length:
 * 10000000000", "Array buffer allocation failed") say neither what was asked for nor why.
 * `what` is a function so the description is only built when the allocation fails.
 * @example allocate(6, () => "zeros([2, 3])").length // 6
 */
export function allocate(size: number, what: () => string): Float64Array {
  try {
    return new Float64Array(size);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    throw new RangeError(`${what()} needs ${grouped(size)} numbers (${bytes(size * 8)}), more than one array in this process can hold`, { cause: e });
  }
}

/** 10000000000 as "10,000,000,000" (not locale-dependent, unlike toLocaleString). */
function grouped(n: number): string {
  const digits = String(n);
  return /^\d+$/.test(digits) ? digits.replace(/\B(?=(\d{3})+$)/g, ",") : digits;
}

/** A byte count as people read it: "80 GB", "1.5 GB". */
function bytes(n: number): string {
  const units = ["bytes", "kB", "MB", "GB", "TB", "PB"];
  let k = 0;
  while (n >= 1000 && k < units.length - 1) {
    n /= 1000;
    k++;
  }
  return `${Number(n.toPrecision(3))} ${units[k]}`;
}
