/**
 * Error classes of the runtime. Each sets `name` and has a name-based guard, because
 * `instanceof` fails across `vm` contexts (the kernel's realm and a cell's sandbox).
 */

/** Operands whose shapes do not fit, e.g. `matmul: (3×2)·(3×4): inner dimensions 2 and 3 differ`. */
export class ShapeError extends Error {
  override name = "ShapeError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A matrix that cannot be factorised or inverted as asked (singular, not positive definite). */
export class LinAlgError extends Error {
  override name = "LinAlgError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * A differentiable value used where its derivative would be dropped (for example
 * converted to a plain number by code the runtime does not see). The message says what to do.
 */
export class DerivativeLostError extends Error {
  override name = "DerivativeLostError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A function given to grad/jacobian/... returned something it cannot differentiate. */
export class DifferentiationError extends Error {
  override name = "DifferentiationError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * Name-based checks (instanceof fails across the kernel's and a cell's realms).
 * @example
 * try { add(tensor([1, 2]), tensor([1, 2, 3])) } catch (e) { isShapeError(e) } // true
 */
export const isShapeError = (e: unknown): e is ShapeError => hasName(e, "ShapeError");

/**
 * True for the error of a singular or non-symmetric matrix, a negative determinant under logdet, …
 * @example
 * try { inv([[1, 2], [2, 4]]) } catch (e) { isLinAlgError(e) } // true
 */
export const isLinAlgError = (e: unknown): e is LinAlgError => hasName(e, "LinAlgError");

/**
 * True for the error of a differentiable value turned into a plain number (its derivative would be lost).
 * @example
 * try { grad((x: number) => Number(x))(1) } catch (e) { isDerivativeLostError(e) } // true (in library code)
 */
export const isDerivativeLostError = (e: unknown): e is DerivativeLostError => hasName(e, "DerivativeLostError");

/**
 * True for misuse of grad, jacobian, …: a non-scalar result to grad, arguments of the wrong kind, a missing return.
 * @example
 * try { grad((x: number[]) => x)([1, 2]) } catch (e) { isDifferentiationError(e) } // true
 */
export const isDifferentiationError = (e: unknown): e is DifferentiationError => hasName(e, "DifferentiationError");

function hasName(e: unknown, name: string): boolean {
  return typeof e === "object" && e !== null && (e as { name?: unknown }).name === name;
}

/**
 * Runs body, an operation built on others, so that its errors name the function the user
 * called: clip is maximum then minimum, dot is matmul, and an error raised as `max: …`
 * inside clip reads `clip: …`. Errors of other operations pass unchanged.
 */
export function underName<T>(name: string, inner: readonly string[], body: () => T): T {
  try {
    return body();
  } catch (e) {
    if (e instanceof Error) {
      const from = inner.find((n) => e.message.startsWith(`${n}: `));
      if (from !== undefined) e.message = `${name}: ${e.message.slice(from.length + 2)}`;
    }
    throw e;
  }
}
