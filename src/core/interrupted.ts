import { stopObservingBranches } from "./branches";
import { forgetPrimals } from "./primitive";
import { abandonDifferentiations } from "./tags";

/**
 * Forgets the operations an interrupt stopped half-way. A notebook kernel stops a cell with
 * vm's breakOnSigint, which ends the script by V8's TerminateExecution: the stack unwinds
 * without running `finally` blocks, so the module state that differentiating,
 * rememberingPrimals and observeBranches restore in theirs stayed as the interrupt left it.
 * After an interrupted loop of jacfwd, matmul(W, x) read the result jacfwd had remembered,
 * also after W.data changed; every later grad counted as nested in the interrupted one, and
 * the pending tensors of all of them were kept (2 GB after 20 interrupted training loops).
 * Call it where none of them can be running: between cells (they are synchronous).
 *
 * @example
 * recoverFromInterrupt()  // the kernel does this before each cell
 */
export function recoverFromInterrupt(): void {
  abandonDifferentiations();
  forgetPrimals();
  stopObservingBranches();
}
