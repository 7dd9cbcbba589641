/*
 * Comparisons of differentiable values pick a branch of the program; a derivative (or a
 * formula traced from it) then holds on that branch only. latex(f) listens here so it can
 * say which branch it traced. One module-level slot: tracing is synchronous.
 */

/** Called with the comparison, its operands (AD values or numbers) and its outcome. */
export type BranchObserver = (op: "<" | "<=" | ">" | ">=" | "==" | "!=", a: unknown, b: unknown, result: boolean) => void;

let observer: BranchObserver | null = null;

/** Runs body with `watch` told of every comparison of differentiable values in it. */
export function observeBranches<T>(watch: BranchObserver, body: () => T): T {
  const previous = observer;
  observer = watch;
  try {
    return body();
  } finally {
    observer = previous;
  }
}

/** After an interrupt (core/interrupted.ts): no latex(f) is tracing. */
export function stopObservingBranches(): void {
  observer = null;
}

/** Reports a comparison to the observer (if any) and returns its result. */
export function branch(op: Parameters<BranchObserver>[0], a: unknown, b: unknown, result: boolean): boolean {
  if (observer !== null) observer(op, a, b, result);
  return result;
}
