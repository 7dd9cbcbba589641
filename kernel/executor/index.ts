import { fork, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import type { Writable } from "node:stream";
import type {
  CompleteResult, ExecuteHooks, ExecuteOutcome, ExecuteRequest, Executor, InspectResult, IsCompleteResult,
} from "./types";
import { EXIT_MARKER, type FromChild, type ToChild } from "./protocol";

/** How long an interrupted cell may take to stop before the sandbox is replaced. */
const INTERRUPT_GRACE_MS = 5000;
/** How often an interrupt's SIGINT is sent again while the cell has not stopped. */
const INTERRUPT_RESEND_MS = 250;
/** How long completion and inspection wait for a busy sandbox. */
const INTROSPECTION_TIMEOUT_MS = 1500;

interface Running {
  id: number;
  resolve: (outcome: ExecuteOutcome) => void;
}

/**
 * Runs cells in a child process that owns the sandbox, so the kernel keeps answering
 * heartbeat, control and interrupt while a cell runs, and survives a cell that exhausts
 * memory or calls process.exit() (the next cell gets a fresh sandbox).
 */
class ChildExecutor implements Executor {
  private child: ChildProcess | null = null;
  private ready: Promise<void> | null = null;
  private running: Running | null = null;
  private readonly hooks = new Map<number, ExecuteHooks>();
  private nextId = 1;
  private readonly answers = new Map<number, (result: unknown) => void>();
  private stderrTail = "";
  private interruptTimer: NodeJS.Timeout | null = null;
  /** SIGINTs sent to the running cell; more than one may leave one behind for the next cell. */
  private sigintsSent = 0;
  private drainInterrupts = false;

  constructor(private readonly options: { cwd: string; log: (msg: string) => void }) {}

  start(): Promise<void> {
    if (!this.ready) this.ready = this.spawn();
    return this.ready;
  }

  private spawn(): Promise<void> {
    const child = fork(join(__dirname, "child.js"), [], {
      cwd: this.options.cwd,
      env: { ...process.env, NABLA_CWD: this.options.cwd },
      // A 2 GiB heap: room for real work, and a runaway cell hits the limit in seconds.
      execArgv: ["--max-old-space-size=2048", "--stack-size=4000"],
      stdio: ["ignore", "pipe", "pipe", "ipc", "pipe"],
      serialization: "advanced",
      // A process group of its own: jupyter_client interrupts a kernel by signalling its group
      // (killpg), and Ctrl-C in a terminal signals the foreground group. The sandbox must get
      // only the one SIGINT the kernel forwards: a second one, landing while vm restores its
      // SIGINT handling after the first, killed the sandbox and its variables (2 in 30).
      // The watchdog still ends it with the kernel.
      detached: true,
    });
    this.child = child;
    this.stderrTail = "";
    child.stdout?.on("data", (d: Buffer) => this.options.log(`sandbox stdout: ${d.toString().trimEnd()}`));
    child.stderr?.on("data", (d: Buffer) => {
      const text = d.toString();
      this.stderrTail = (this.stderrTail + text).slice(-8192);
      if (!text.includes(EXIT_MARKER)) process.stderr.write(text);
    });
    child.on("message", (msg: FromChild) => this.onMessage(msg));
    child.on("exit", (code, signal) => this.onExit(child, code, signal));
    return new Promise<void>((resolve) => {
      const onReady = (msg: FromChild): void => {
        if (msg.type === "ready") {
          child.off("message", onReady);
          resolve();
        }
      };
      child.on("message", onReady);
      child.once("exit", () => resolve());
    });
  }

  private onMessage(msg: FromChild): void {
    switch (msg.type) {
      case "stream":
        this.hooks.get(msg.cell)?.stream(msg.name, msg.text);
        break;
      case "display":
        this.hooks.get(msg.cell)?.displayData(msg.data, msg.metadata, msg.transient, msg.update);
        break;
      case "clear":
        this.hooks.get(msg.cell)?.clearOutput(msg.wait);
        break;
      case "result":
        this.hooks.get(msg.cell)?.executeResult(msg.data, msg.metadata);
        break;
      case "input": {
        const hooks = this.hooks.get(msg.cell);
        const answer = hooks ? hooks.inputRequest(msg.prompt, msg.password) : Promise.resolve("");
        void answer.then((value) => (this.child?.stdio[4] as Writable | undefined)?.write(`${JSON.stringify(value)}\n`));
        break;
      }
      case "done":
        if (this.running?.id === msg.id) this.finish(msg.outcome);
        break;
      case "answer":
        this.answers.get(msg.id)?.(msg.result);
        this.answers.delete(msg.id);
        break;
    }
  }

  private onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (child !== this.child) return;
    this.child = null;
    this.ready = null;
    for (const answer of this.answers.values()) answer(undefined);
    this.answers.clear();
    if (this.running) {
      this.finish({ status: "error", ename: "SandboxDied", evalue: this.deathReason(code, signal), traceback: [`\x1b[31mSandboxDied\x1b[0m: ${this.deathReason(code, signal)}`] });
    } else {
      // Between cells (process.exit or an allocation in a timer): nobody's cell is waiting, so
      // the next cell says it, or the user would find their variables gone without a word.
      this.diedBetweenCells = this.betweenCellsReason(code, signal);
    }
    this.options.log(`sandbox exited (${signal ?? code}); a fresh one starts`);
    void this.start();
  }

  /** Why the sandbox ended while no cell ran, to be said in the next cell's output. */
  private diedBetweenCells: string | null = null;

  private betweenCellsReason(code: number | null, signal: NodeJS.Signals | null): string {
    const tail = this.stderrTail;
    const exit = new RegExp(`${EXIT_MARKER} (\\S+)`).exec(tail);
    const cause = /heap out of memory|Allocation failed|out of memory/i.test(tail)
      ? "it ran out of memory"
      : exit
        ? `process.exit(${exit[1]}) was called from a timer or a callback`
        : `it ended unexpectedly (${signal ? `signal ${signal}` : `exit code ${code}`})`;
    return `The sandbox stopped after the previous cell finished: ${cause}. This cell runs in a fresh sandbox: earlier variables are gone.`;
  }

  private deathReason(code: number | null, signal: NodeJS.Signals | null): string {
    const tail = this.stderrTail;
    const fresh = "The next cell runs in a fresh sandbox: earlier variables are gone.";
    if (/heap out of memory|Allocation failed|out of memory/i.test(tail)) return `The cell ran out of memory and the sandbox was stopped. ${fresh}`;
    const exit = new RegExp(`${EXIT_MARKER} (\\S+)`).exec(tail);
    if (exit) return `The cell called process.exit(${exit[1]}), which ended the sandbox. ${fresh}`;
    if (this.killedForInterrupt) {
      return `The cell did not stop when interrupted, so the sandbox was restarted. ${fresh}`;
    }
    return `The sandbox process ended unexpectedly (${signal ? `signal ${signal}` : `exit code ${code}`}). ${fresh}`;
  }

  private killedForInterrupt = false;

  private finish(outcome: ExecuteOutcome): void {
    const running = this.running;
    this.running = null;
    if (this.interruptTimer) clearTimeout(this.interruptTimer);
    this.interruptTimer = null;
    this.drainInterrupts = this.sigintsSent > 1;
    this.sigintsSent = 0;
    running?.resolve(outcome);
  }

  async execute(request: ExecuteRequest, hooks: ExecuteHooks): Promise<ExecuteOutcome> {
    await this.start();
    if (!this.child) await this.start();
    if (this.diedBetweenCells) {
      hooks.stream("stderr", `${this.diedBetweenCells}\n`);
      this.diedBetweenCells = null;
    }
    const id = this.nextId++;
    this.hooks.set(id, hooks);
    // Keep the hooks of recent cells for their late output (timers, promises).
    if (this.hooks.size > 200) this.hooks.delete(this.hooks.keys().next().value as number);
    this.killedForInterrupt = false;
    return new Promise<ExecuteOutcome>((resolve) => {
      this.running = { id, resolve };
      const drainInterrupts = this.drainInterrupts;
      this.drainInterrupts = false;
      this.send({ type: "execute", id, count: request.executionCount, code: request.code, allowStdin: request.allowStdin, userExpressions: request.userExpressions, drainInterrupts });
    });
  }

  interrupt(): void {
    if (!this.child || !this.running) return;
    this.sigint(this.child);
    if (this.interruptTimer) return;
    const child = this.child;
    const started = Date.now();
    // A SIGINT that lands before the cell's code has entered the vm (an interrupt pressed as
    // the cell starts, or on a loaded machine) is taken by the sandbox's own handler and stops
    // nothing; so it is sent again until the cell ends, and after the grace period the
    // sandbox is restarted. A SIGINT after the cell has ended is harmless (the handler ignores it).
    const again = (): void => {
      this.interruptTimer = null;
      if (!this.running || this.child !== child) return;
      if (Date.now() - started >= INTERRUPT_GRACE_MS) {
        this.killedForInterrupt = true;
        child.kill("SIGKILL");
        return;
      }
      this.sigint(child);
      this.interruptTimer = setTimeout(again, INTERRUPT_RESEND_MS);
    };
    this.interruptTimer = setTimeout(again, INTERRUPT_RESEND_MS);
  }

  private sigint(child: ChildProcess): void {
    this.sigintsSent++;
    child.kill("SIGINT");
  }

  async restart(): Promise<void> {
    await this.shutdown();
    await this.start();
  }

  async shutdown(): Promise<void> {
    const child = this.child;
    this.child = null;
    this.ready = null;
    if (!child) return;
    await new Promise<void>((resolve) => {
      child.once("exit", () => resolve());
      child.kill("SIGKILL");
    });
    if (this.running) this.finish({ status: "error", ename: "SandboxDied", evalue: "The kernel was shut down.", traceback: [] });
  }

  complete(code: string, cursorPos: number): Promise<CompleteResult> {
    return this.ask<CompleteResult>({ type: "complete", id: 0, code, cursorPos }, { matches: [], cursorStart: cursorPos, cursorEnd: cursorPos, metadata: {} });
  }

  inspect(code: string, cursorPos: number, detailLevel: number): Promise<InspectResult> {
    return this.ask<InspectResult>({ type: "inspect", id: 0, code, cursorPos, detailLevel }, { found: false, data: {}, metadata: {} });
  }

  isComplete(code: string): Promise<IsCompleteResult> {
    return this.ask<IsCompleteResult>({ type: "isComplete", id: 0, code }, { status: "unknown" });
  }

  /** A question for the sandbox, with a fallback answer when it is busy running a cell. */
  private async ask<T>(msg: ToChild, fallback: T): Promise<T> {
    await this.start();
    const id = this.nextId++;
    return new Promise<T>((resolve) => {
      const timer = setTimeout(() => {
        this.answers.delete(id);
        resolve(fallback);
      }, INTROSPECTION_TIMEOUT_MS);
      this.answers.set(id, (result) => {
        clearTimeout(timer);
        resolve((result as T | undefined) ?? fallback);
      });
      this.send({ ...msg, id } as ToChild);
    });
  }

  private send(msg: ToChild): void {
    this.child?.send(msg);
  }
}

/** The executor the kernel uses: cells run in a sandbox inside a child process. */
export function createExecutor(options: { cwd: string; log: (msg: string) => void }): Executor {
  return new ChildExecutor(options);
}
