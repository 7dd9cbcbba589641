import { detachPending, differentiationBegins } from "../tensor/deferred";

/**
 * Perturbation tags. Every differentiation (one `grad`, one `jvp`, one tape) takes a
 * fresh tag; a later tag is an inner differentiation. An operation works at the highest
 * tag among its operands and treats values of lower tags as constants, which keeps nested
 * derivatives apart (ForwardDiff's perturbation confusion: D(x ↦ x·D(y ↦ x + y)(1))(1) = 1).
 */
let lastTag = 0;

/** A tag greater than every tag handed out before. */
export function newTag(): number {
  return ++lastTag;
}

/** Tags of the differentiations whose function is running now, innermost last. */
const running: number[] = [];

/**
 * Runs body — a differentiated function's call — as part of the differentiation of `tag`,
 * so that dual numbers and tape variables made by hand meanwhile know they are inside it.
 */
export function differentiating<T>(tag: number, body: () => T): T {
  if (running.length === 0) differentiationBegins();
  running.push(tag);
  try {
    return body();
  } finally {
    running.pop();
    markFinished(tag);
    if (running.length === 0) detachPending();
  }
}

/**
 * The tags of differentiations that have finished, each with every tag handed out while it
 * ran (its inner differentiations, dual numbers made inside f), as sorted disjoint intervals
 * [lo, hi], flat. One loop of gradients makes consecutive tags, which merge into one interval.
 */
const finished: number[] = [];

function markFinished(tag: number): void {
  let lo = tag;
  // Intervals that end at or after tag − 1 (inner differentiations, finished first) merge into this one.
  while (finished.length > 0 && finished[finished.length - 1] >= lo - 1) {
    lo = Math.min(lo, finished[finished.length - 2]);
    finished.length -= 2;
  }
  finished.push(lo, lastTag);
}

/**
 * Whether `tag` belongs to a differentiation that has finished: a dual number of it is a
 * value kept from an earlier call (in a variable outside f, a cache), whose perturbation
 * no derivative will read any more. Not a running differentiation's, nor a dual number made
 * by hand outside every differentiation.
 */
export function hasFinished(tag: number): boolean {
  let lo = 0;
  let hi = finished.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (tag < finished[2 * mid]) hi = mid - 1;
    else if (tag > finished[2 * mid + 1]) lo = mid + 1;
    else return true;
  }
  return false;
}

/** After an interrupt (core/interrupted.ts): no differentiation is running, and what they made is detached. */
export function abandonDifferentiations(): void {
  if (running.length === 0) return;
  markFinished(running[0]);
  running.length = 0;
  detachPending();
}

/** The tag of the innermost differentiation running now; 0 outside any. */
export function innermostTag(): number {
  return running.length === 0 ? 0 : running[running.length - 1];
}
