/**
 * The contract between the kernel's request handlers (kernel/server, kernel/handlers)
 * and the executor, which runs cells in a sandbox inside a child process.
 *
 * The server owns Jupyter messages and parent headers; the executor owns the child,
 * the sandbox and the cell transform. Hooks are per execute request and may be called
 * after `execute` resolved (a timer or a late promise printing): the server keeps them,
 * so late output still reaches the cell that produced it.
 */

/** A MIME bundle, e.g. { "text/plain": "2", "text/html": "<b>2</b>" }. */
export type MimeBundle = Record<string, unknown>;

export interface ExecuteRequest {
  code: string;
  /** The execution count this cell gets (already incremented when store_history). */
  executionCount: number;
  silent: boolean;
  allowStdin: boolean;
  /** user_expressions of execute_request: name → expression source. */
  userExpressions: Record<string, string>;
}

/** Callbacks through which one cell's output reaches the front end. */
export interface ExecuteHooks {
  stream(name: "stdout" | "stderr", text: string): void;
  /** display_data, or update_display_data when `update` is true (transient.display_id set). */
  displayData(data: MimeBundle, metadata: Record<string, unknown>, transient: Record<string, unknown>, update: boolean): void;
  clearOutput(wait: boolean): void;
  /** The value of the cell's last expression. */
  executeResult(data: MimeBundle, metadata: Record<string, unknown>): void;
  /** prompt(): resolves with the user's answer; only called when allowStdin. */
  inputRequest(prompt: string, password: boolean): Promise<string>;
}

export interface ExecuteError {
  ename: string;
  evalue: string;
  traceback: string[];
}

export type ExecuteOutcome =
  | { status: "ok"; userExpressions: Record<string, UserExpressionResult> }
  | ({ status: "error"; userExpressions?: Record<string, UserExpressionResult> } & ExecuteError);

/** One user_expressions entry, as in execute_reply. */
export type UserExpressionResult =
  | { status: "ok"; data: MimeBundle; metadata: Record<string, unknown> }
  | ({ status: "error" } & ExecuteError);

export interface CompleteResult {
  matches: string[];
  cursorStart: number;
  cursorEnd: number;
  metadata: Record<string, unknown>;
}

export interface InspectResult {
  found: boolean;
  data: MimeBundle;
  metadata: Record<string, unknown>;
}

export interface IsCompleteResult {
  status: "complete" | "incomplete" | "invalid" | "unknown";
  indent?: string;
}

/** What the server needs from the executor. */
export interface Executor {
  /** Start the child process; resolves when it can run cells. */
  start(): Promise<void>;
  /** Run one cell. Rejects only on an internal bug; cell errors are an "error" outcome. */
  execute(request: ExecuteRequest, hooks: ExecuteHooks): Promise<ExecuteOutcome>;
  /** Stop the running cell (SIGINT + breakOnSigint); state is kept. No-op when idle. */
  interrupt(): void;
  /** Kill the child and start a fresh sandbox (the kernel itself exits on every shutdown_request). */
  restart(): Promise<void>;
  /** Kill the child for good. */
  shutdown(): Promise<void>;
  complete(code: string, cursorPos: number): Promise<CompleteResult>;
  inspect(code: string, cursorPos: number, detailLevel: number): Promise<InspectResult>;
  isComplete(code: string): Promise<IsCompleteResult>;
}
