import { parentPort, workerData } from "node:worker_threads";
import { LanguageService } from "./service";

/*
 * The language service in a worker thread of the sandbox process: loading the TypeScript
 * compiler (~1 s) and type-checking never block the cells.
 */

export type LanguageRequest =
  | { id: number; kind: "warmUp" }
  | { id: number; kind: "addCell"; code: string; ran?: readonly string[] }
  | { id: number; kind: "diagnostics"; code: string }
  | { id: number; kind: "complete"; code: string; cursor: number }
  | { id: number; kind: "inspect"; code: string; cursor: number; detailLevel: number };

const { runtimeEntry, runtimeNames } = workerData as { runtimeEntry: string; runtimeNames: string[] };
const service = new LanguageService(runtimeEntry, () => runtimeNames);

parentPort?.on("message", (req: LanguageRequest) => {
  let result: unknown = null;
  try {
    if (req.kind === "warmUp") service.warmUp();
    else if (req.kind === "addCell") service.addCell(req.code, req.ran);
    else if (req.kind === "diagnostics") result = service.diagnostics(req.code);
    else if (req.kind === "complete") result = service.complete(req.code, req.cursor);
    else if (req.kind === "inspect") result = service.inspect(req.code, req.cursor, req.detailLevel);
  } catch (e) {
    result = { error: e instanceof Error ? e.message : String(e) };
  }
  parentPort?.postMessage({ id: req.id, result });
});
