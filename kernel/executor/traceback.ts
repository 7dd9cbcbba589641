import { inspect } from "node:util";
import type { ExecuteError } from "./types";

const RED = "\x1b[31m";
const CYAN = "\x1b[36m";
const RESET = "\x1b[0m";

/** cell script file name → script line → cell line. */
export const cellLineMaps = new Map<string, (scriptLine: number) => number>();

/**
 * ename, evalue and a traceback whose positions are the cells' own lines; the kernel's
 * frames are cut. Non-Error throws (`throw 42`, `throw null`) are reported too.
 */
export function describeError(e: unknown): ExecuteError {
  if (!(e instanceof Error) && !(typeof e === "object" && e !== null && "stack" in e && "message" in e)) {
    const evalue = inspect(e);
    return { ename: "Uncaught", evalue, traceback: [`${RED}Uncaught${RESET} ${evalue}`] };
  }
  const err = e as Error;
  if ((err as { code?: string }).code === "ERR_SCRIPT_EXECUTION_INTERRUPTED" || err.name === "KeyboardInterrupt") {
    return { ename: "KeyboardInterrupt", evalue: "the cell was interrupted", traceback: [`${RED}KeyboardInterrupt${RESET}: the cell was interrupted`] };
  }
  const ename = err.name || "Error";
  const evalue = err.message ?? "";
  const frames = String(err.stack ?? "")
    .split("\n")
    .filter((l) => /^\s+at /.test(l))
    .filter((l) => !/\(node:|at node:|\/kernel\/executor\/|\/kernel\/transform\//.test(l))
    .map(mapFrame);
  return { ename, evalue, traceback: [`${RED}${ename}${RESET}: ${evalue}`, ...frames] };
}

/** "at f (<cell 3>:12:5)" → "at f (<cell 3>:4:5)", using the cell's line table. */
function mapFrame(line: string): string {
  return line.replace(/(<cell \d+>):(\d+):(\d+)/g, (_m, file: string, l: string, c: string) => {
    const toCell = cellLineMaps.get(file);
    const mapped = toCell ? toCell(Number(l)) : Number(l);
    return `${CYAN}${file}:${mapped}${RESET}:${c}`;
  });
}
