/*
 * Sizes the runtime will not try to hold, said one way everywhere: what was asked for, how
 * many numbers and bytes that is, and the limit. V8's own errors ("Invalid typed array length:
 * 10000000000", "Array buffer allocation failed") say neither what was asked for nor why, and
 * an allocation of a few GB below V8's limit ran the executor out of memory, losing the session.
 */

/** The most numbers one tensor may hold: 2²⁸, 2 GiB. */
export const MAX_TENSOR_ENTRIES = 2 ** 28;

/**
 * A zeroed Float64Array of `size` numbers for the tensor `what()` describes, or a RangeError
 * that names it and its size. `what` is a function so the description is only built when the
 * allocation fails.
 * @example allocate(6, () => "zeros([2, 3])").length // 6
 */
export function allocate(size: number, what: () => string): Float64Array {
  checkTensorSize(size, what);
  try {
    return new Float64Array(size);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    throw new RangeError(`${what()} needs ${sizeText(size)}, more than this process can hold`, { cause: e });
  }
}

/** A RangeError naming `what()` when a tensor of `size` numbers is over MAX_TENSOR_ENTRIES. */
export function checkTensorSize(size: number, what: () => string): void {
  if (size > MAX_TENSOR_ENTRIES) throw new RangeError(`${what()} needs ${sizeText(size)}, more than the ${sizeText(MAX_TENSOR_ENTRIES)} a tensor may hold`);
}

/** "10,000,000,000 numbers (80 GB)": a count of float64 numbers and their bytes. */
export function sizeText(numbers: number): string {
  return `${grouped(numbers)} numbers (${bytes(numbers * 8)})`;
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
