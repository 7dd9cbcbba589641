import type { CompleteResult, ExecuteOutcome, InspectResult, IsCompleteResult, MimeBundle } from "./types";

/** Messages from the kernel process to the sandbox child (over Node's IPC channel). */
export type ToChild =
  | {
      type: "execute"; id: number; count: number; code: string; allowStdin: boolean; userExpressions: Record<string, string>;
      /** The previous cell was sent more than one SIGINT: take any it left behind first (stale-interrupt.ts). */
      drainInterrupts: boolean;
    }
  | { type: "complete"; id: number; code: string; cursorPos: number }
  | { type: "inspect"; id: number; code: string; cursorPos: number; detailLevel: number }
  | { type: "isComplete"; id: number; code: string };

/** Messages from the child; `cell` is the execute id the output belongs to. */
export type FromChild =
  | { type: "ready" }
  | { type: "stream"; cell: number; name: "stdout" | "stderr"; text: string }
  | { type: "display"; cell: number; data: MimeBundle; metadata: Record<string, unknown>; transient: Record<string, unknown>; update: boolean }
  | { type: "clear"; cell: number; wait: boolean }
  | { type: "result"; cell: number; data: MimeBundle; metadata: Record<string, unknown> }
  | { type: "input"; cell: number; prompt: string; password: boolean }
  | { type: "done"; id: number; outcome: ExecuteOutcome }
  | { type: "answer"; id: number; result: CompleteResult | InspectResult | IsCompleteResult };

/** Written to the child's stderr by the sandbox's process.exit, so the kernel can say what happened. */
export const EXIT_MARKER = "__nabla_process_exit__";
