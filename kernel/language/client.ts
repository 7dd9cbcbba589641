import { Worker } from "node:worker_threads";
import { join } from "node:path";
import type { CellDiagnostic } from "./service";
import type { LanguageRequest } from "./worker";
import type { InspectResult } from "../executor/types";

type Pending = (result: unknown) => void;
type WithoutId<T> = T extends unknown ? Omit<T, "id"> : never;

/**
 * The sandbox's handle on the language-service worker. It is warmed up in the background
 * at start; until it is ready, callers get `null` and fall back to simpler answers, so
 * neither kernel_info nor the first cell waits for the compiler.
 */
export class LanguageClient {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  ready = false;

  constructor(runtimeEntry: string, runtimeNames: string[]) {
    this.worker = new Worker(join(__dirname, "worker.js"), { workerData: { runtimeEntry, runtimeNames } });
    this.worker.unref();
    this.worker.on("message", ({ id, result }: { id: number; result: unknown }) => {
      this.pending.get(id)?.(result);
      this.pending.delete(id);
    });
    this.worker.on("error", () => {
      this.ready = false;
    });
    void this.request({ kind: "warmUp" }).then(() => {
      this.ready = true;
    });
  }

  private request(req: WithoutId<LanguageRequest>): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.worker.postMessage({ ...req, id });
    });
  }

  /** The answer, or null when the service is not warm or takes longer than `timeoutMs`. */
  private ask<T>(req: WithoutId<LanguageRequest>, timeoutMs: number): Promise<T | null> {
    if (!this.ready) return Promise.resolve(null);
    return Promise.race([
      this.request(req).then((r) => (r && typeof r === "object" && "error" in (r as object) ? null : (r as T))),
      new Promise<null>((resolve) => setTimeout(() => resolve(null), timeoutMs).unref()),
    ]);
  }

  /** A cell that ran; `ran` as in LanguageService.addCell, for a cell that failed part-way. */
  addCell(code: string, ran?: readonly string[]): void {
    void this.request({ kind: "addCell", code, ran });
  }

  diagnostics(code: string): Promise<CellDiagnostic[] | null> {
    return this.ask<CellDiagnostic[]>({ kind: "diagnostics", code }, 1000);
  }

  complete(code: string, cursor: number): Promise<{ matches: string[]; metadata: Record<string, unknown>; start: number } | null> {
    return this.ask({ kind: "complete", code, cursor }, 1000);
  }

  inspect(code: string, cursor: number, detailLevel: number): Promise<InspectResult | null> {
    return this.ask<InspectResult>({ kind: "inspect", code, cursor, detailLevel }, 1000);
  }
}
