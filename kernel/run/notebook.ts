import { readFileSync } from "node:fs";

/** The parts of an nbformat 4 notebook that `nabla run` reads and writes. */
export interface Notebook {
  nbformat: number;
  nbformat_minor: number;
  metadata: { kernelspec?: { name?: string; language?: string; display_name?: string }; language_info?: Record<string, unknown>; [k: string]: unknown };
  cells: Cell[];
}

export interface Cell {
  cell_type: "code" | "markdown" | "raw";
  source: string | string[];
  metadata: Record<string, unknown>;
  outputs?: Output[];
  execution_count?: number | null;
  id?: string;
}

export type Output = Record<string, unknown> & { output_type: string };

/** Why a file cannot be run, in words a user can act on. */
export class NotebookError extends Error {
  override name = "NotebookError";
}

export function sourceOf(cell: Cell): string {
  return Array.isArray(cell.source) ? cell.source.join("") : cell.source;
}

/** Reads and checks a notebook: nbformat 4, and a Nabla (TypeScript) kernelspec. */
export function readNotebook(path: string): Notebook {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new NotebookError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message}`);
  }
  let nb: Notebook;
  try {
    nb = JSON.parse(text) as Notebook;
  } catch (e) {
    throw new NotebookError(`${path} is not a notebook: invalid JSON (${(e as Error).message})`);
  }
  if (typeof nb !== "object" || nb === null || !Array.isArray(nb.cells) || typeof nb.nbformat !== "number") {
    throw new NotebookError(`${path} is not a notebook: no "cells" list or "nbformat" number`);
  }
  if (nb.nbformat !== 4) throw new NotebookError(`${path} has nbformat ${nb.nbformat}; nabla run reads nbformat 4`);
  const spec = nb.metadata?.kernelspec;
  const lang = spec?.language ?? (nb.metadata?.language_info?.name as string | undefined);
  if (spec?.name && spec.name !== "nabla") {
    throw new NotebookError(`${path} is for the kernel "${spec.name}"${lang ? ` (${lang})` : ""}, not nabla; change its kernelspec to run it with Nabla`);
  }
  if (!spec?.name && lang && lang !== "typescript") {
    throw new NotebookError(`${path} is written in ${lang}, not TypeScript`);
  }
  return nb;
}
