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
    if (running.length === 0) detachPending();
  }
}

/** After an interrupt (core/interrupted.ts): no differentiation is running, and what they made is detached. */
export function abandonDifferentiations(): void {
  if (running.length === 0) return;
  running.length = 0;
  detachPending();
}

/** The tag of the innermost differentiation running now; 0 outside any. */
export function innermostTag(): number {
  return running.length === 0 ? 0 : running[running.length - 1];
}
