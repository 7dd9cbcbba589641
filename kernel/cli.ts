#!/usr/bin/env node
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { startKernel } from "./main";
import { runNotebook, type RunOptions } from "./run/runner";
import { NotebookError } from "./run/notebook";
import { notebookToHtml } from "./run/html";

const USAGE = `usage:
  nabla install [--user | --prefix DIR] [--name NAME]   write the Jupyter kernelspec
  nabla run NOTEBOOK... [--out FILE] [--html FILE | --html DIR/] [--timeout S] [--continue-on-error]
                                                        execute notebooks headlessly, write them back;
                                                        --html also writes a standalone HTML page
                                                        (one notebook: FILE; several: DIR/NAME.html)
  nabla kernel CONNECTION_FILE                          run the kernel (what Jupyter starts)
  nabla --help | --version`;

/** The package root (dist/kernel/cli.js → ../..). */
const ROOT = resolve(__dirname, "..", "..");

/** Jupyter's user data dir, as jupyter_core computes it on Linux and macOS. */
function userDataDir(): string {
  if (process.env.JUPYTER_DATA_DIR) return process.env.JUPYTER_DATA_DIR;
  if (process.platform === "darwin") return join(homedir(), "Library", "Jupyter");
  return join(process.env.XDG_DATA_HOME ?? join(homedir(), ".local", "share"), "jupyter");
}

/**
 * Writes the kernelspec: argv starts the built kernel with the Node that ran the install,
 * so Jupyter finds the same Node whatever its PATH.
 */
export function install(args: string[]): string {
  let prefix: string | undefined;
  let name = "nabla";
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--prefix") prefix = args[++i];
    else if (args[i] === "--name") name = args[++i];
    else if (args[i] !== "--user") throw new Error(`unknown option ${args[i]}\n${USAGE}`);
  }
  if (prefix === "" || (args.includes("--prefix") && !prefix)) throw new Error(`--prefix needs a directory\n${USAGE}`);
  const dataDir = prefix ? join(resolve(prefix), "share", "jupyter") : userDataDir();
  const dir = join(dataDir, "kernels", name);
  mkdirSync(dir, { recursive: true });
  const template = JSON.parse(readFileSync(join(ROOT, "kernelspec", "kernel.json"), "utf8")) as Record<string, unknown>;
  const spec = { ...template, argv: [process.execPath, join(ROOT, "dist", "kernel", "main.js"), "{connection_file}"] };
  writeFileSync(join(dir, "kernel.json"), `${JSON.stringify(spec, null, 2)}\n`);
  for (const logo of ["logo-32x32.png", "logo-64x64.png"]) copyFileSync(join(ROOT, "kernelspec", logo), join(dir, logo));
  return dir;
}

/** The value after an option, or a usage error when it is missing (next word another option). */
function optionValue(args: string[], i: number, what: string): string {
  const value = args[i];
  if (value === undefined || value === "" || value.startsWith("--")) throw new Error(`${args[i - 1]} needs ${what}\n${USAGE}`);
  return value;
}

/** Whether `--html TARGET` names a directory: it ends in a slash or is one already. */
function isDirTarget(target: string): boolean {
  return /[/\\]$/.test(target) || (existsSync(target) && statSync(target).isDirectory());
}

/** Where the page for `notebook` goes: TARGET itself, or TARGET/NAME.html for a directory. */
function htmlPathFor(target: string, notebook: string): string {
  if (!isDirTarget(target)) return target;
  return join(target, `${basename(notebook).replace(/\.ipynb$/i, "")}.html`);
}

/** `nabla run`: 0 when every cell ran without error, 1 when some failed, 2 for bad input. */
async function run(args: string[]): Promise<number> {
  const notebooks: string[] = [];
  const options: RunOptions = { log: (line) => process.stdout.write(`${line}\n`), progress: process.stderr };
  let html: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--out") options.out = optionValue(args, ++i, "a file name");
    else if (a === "--html") html = optionValue(args, ++i, "a file name (or a directory ending in / for several notebooks)");
    else if (a === "--timeout") options.timeoutS = Number(optionValue(args, ++i, "a number of seconds"));
    else if (a === "--continue-on-error") options.continueOnError = true;
    else if (a.startsWith("--")) throw new Error(`unknown option ${a}\n${USAGE}`);
    else notebooks.push(a);
  }
  if (notebooks.length === 0) throw new Error(`which notebook?\n${USAGE}`);
  if (notebooks.length > 1 && options.out) throw new Error("--out goes with one notebook");
  if (notebooks.length > 1 && html && !isDirTarget(html)) throw new Error(`with several notebooks --html takes a directory: write --html ${html}/ to get ${html}/NAME.html for each`);
  if (options.timeoutS !== undefined && !(options.timeoutS > 0)) throw new Error("--timeout needs a number of seconds");
  let worst = 0;
  for (const notebook of notebooks) {
    if (notebooks.length > 1) options.log(`== ${notebook}`);
    try {
      const result = await runNotebook(notebook, options);
      worst = Math.max(worst, result.ok ? 0 : 1);
      // The page is written for a failed run too: it shows the traceback where it happened.
      if (html) {
        const page = htmlPathFor(html, notebook);
        mkdirSync(dirname(resolve(page)), { recursive: true });
        writeFileSync(page, notebookToHtml(result.notebook, { title: basename(notebook) }));
        options.log(`wrote ${page}`);
      }
    } catch (e) {
      if (!(e instanceof NotebookError)) throw e;
      process.stderr.write(`nabla run: ${e.message}\n`);
      worst = 2;
    }
  }
  return worst;
}

function main(argv: string[]): void {
  const [command, ...rest] = argv;
  if (command === "install") {
    const dir = install(rest);
    process.stdout.write(`Installed the Nabla kernelspec in ${dir}\n`);
  } else if (command === "run") {
    void run(rest).then(
      (code) => {
        process.exitCode = code;
      },
      (e: unknown) => {
        process.stderr.write(`nabla run: ${e instanceof Error ? e.message : String(e)}\n`);
        process.exitCode = 2;
      },
    );
  } else if (command === "kernel" && rest[0]) {
    void startKernel(rest[0]);
  } else if (command === "--help" || command === "-h" || command === "help") {
    process.stdout.write(`${USAGE}\n`);
  } else if (command === "--version" || command === "-V") {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
    process.stdout.write(`nabla ${pkg.version}\n`);
  } else {
    process.stderr.write(`${USAGE}\n`);
    process.exitCode = 2;
  }
}

if (require.main === module) {
  try {
    main(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`nabla: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  }
}
