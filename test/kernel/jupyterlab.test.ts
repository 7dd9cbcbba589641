import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import WebSocket from "ws";
import { KernelManager, ServerConnection, type Kernel, type KernelMessage } from "@jupyterlab/services";
import { installKernelspec } from "./support/kernel-process";
import { freePort } from "../../kernel/free-port";

/*
 * The kernel as JupyterLab drives it: JupyterLab's own client library (@jupyterlab/services)
 * talking to Debian's jupyter-server over HTTP and WebSocket, which starts the kernel from
 * its installed kernelspec. Nothing on the path is ours but the kernel.
 */

const SERVER = "/usr/bin/jupyter-server";

function serverMissing(): string | null {
  const probe = spawnSync(SERVER, ["--version"], { encoding: "utf8", timeout: 60_000 });
  return probe.status === 0 ? null : `${SERVER} is not installed (apt-get install jupyter-server)`;
}
const missing = serverMissing();
const skip = missing !== null && process.env.CI !== "true";
if (skip) console.warn(`[jupyterlab] skipped: ${missing}; .ci/run installs it`);

describe.skipIf(skip)("through JupyterLab's client library and Debian's jupyter-server", () => {
  let server: ChildProcess;
  let kernel: Kernel.IKernelConnection;
  let manager: KernelManager;

  beforeAll(async () => {
    expect(missing).toBeNull();
    const { jupyterPath } = installKernelspec();
    const port = await freePort();
    const token = randomBytes(12).toString("hex");
    const root = mkdtempSync(join(tmpdir(), "nabla-lab-"));
    server = spawn(
      SERVER,
      ["--no-browser", "--allow-root", `--port=${port}`, "--ip=127.0.0.1", `--ServerApp.token=${token}`, `--ServerApp.root_dir=${root}`, "--ServerApp.port_retries=0"],
      { env: { ...process.env, JUPYTER_PATH: jupyterPath, JUPYTER_CONFIG_DIR: join(root, "config"), JUPYTER_DATA_DIR: join(root, "data"), JUPYTER_RUNTIME_DIR: join(root, "runtime") }, stdio: ["ignore", "ignore", "pipe"] },
    );
    let log = "";
    server.stderr?.on("data", (d) => (log += String(d)));
    const baseUrl = `http://127.0.0.1:${port}/`;
    const settings = ServerConnection.makeSettings({ baseUrl, wsUrl: `ws://127.0.0.1:${port}/`, token, WebSocket: WebSocket as never, appendToken: true });
    // Wait until the server answers.
    for (let i = 0; ; i++) {
      try {
        const r = await fetch(`${baseUrl}api/kernelspecs?token=${token}`);
        if (r.ok) {
          const specs = (await r.json()) as { kernelspecs: Record<string, unknown> };
          expect(Object.keys(specs.kernelspecs)).toContain("nabla");
          break;
        }
      } catch {
        // not up yet
      }
      if (i > 150 || server.exitCode !== null) throw new Error(`jupyter-server did not start:\n${log}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    manager = new KernelManager({ serverSettings: settings });
    await manager.ready;
    kernel = await manager.startNew({ name: "nabla" });
    // JupyterLab waits for the kernel to be idle before it lets the user run cells.
    await kernel.info;
  }, 120_000);

  afterAll(async () => {
    try {
      await kernel?.shutdown();
    } catch {
      // the server goes anyway
    }
    manager?.dispose();
    server?.kill("SIGTERM");
  });

  /** Runs a cell and collects its iopub messages, as a notebook panel does. */
  async function run(code: string): Promise<{ reply: KernelMessage.IExecuteReplyMsg; iopub: KernelMessage.IIOPubMessage[] }> {
    const iopub: KernelMessage.IIOPubMessage[] = [];
    const future = kernel.requestExecute({ code, stop_on_error: true });
    future.onIOPub = (msg) => {
      iopub.push(msg);
    };
    const reply = (await future.done) as KernelMessage.IExecuteReplyMsg;
    return { reply, iopub };
  }

  it("reports its language and runs a differentiation with rich output", async () => {
    const info = await kernel.info;
    expect(info.language_info.name).toBe("typescript");
    expect(info.implementation).toBe("nabla");
    const { reply, iopub } = await run("const f = (x: number) => Math.sin(2 * x + 1)\nderivative(f)(0.5)");
    expect(reply.content.status).toBe("ok");
    const result = iopub.find((m) => m.header.msg_type === "execute_result") as KernelMessage.IExecuteResultMsg;
    expect(Number(result.content.data["text/plain"])).toBeCloseTo(2 * Math.cos(2), 14);
    expect(result.parent_header).toMatchObject({ msg_id: reply.parent_header.msg_id });
    const formulas = await run("latex(f)");
    const latex = formulas.iopub.find((m) => m.header.msg_type === "execute_result") as KernelMessage.IExecuteResultMsg;
    expect(String(latex.content.data["text/latex"])).toContain("f'(x) &= 2 \\cos\\left(2 x + 1\\right)");
  });

  it("shows a Jacobian as a heatmap and updates a display in place", async () => {
    const jac = await run("jacobian((x: number[]) => [x[0] * x[1], Math.sin(x[0])])([1, 2])");
    const data = (jac.iopub.find((m) => m.header.msg_type === "execute_result") as KernelMessage.IExecuteResultMsg).content.data;
    expect(String(data["image/svg+xml"])).toMatch(/^<svg/);
    const upd = await run("const h = display('first', { id: 'd1' })\nh!.update('second')");
    const types = upd.iopub.map((m) => m.header.msg_type);
    expect(types).toContain("display_data");
    expect(types).toContain("update_display_data");
    const update = upd.iopub.find((m) => m.header.msg_type === "update_display_data") as KernelMessage.IUpdateDisplayDataMsg;
    expect(update.content.transient).toMatchObject({ display_id: "d1" });
  });

  it("completes and inspects as the editor asks", async () => {
    const completion = await kernel.requestComplete({ code: "jacf", cursor_pos: 4 });
    expect(completion.content.status).toBe("ok");
    expect((completion.content as KernelMessage.ICompleteReply).matches).toContain("jacfwd");
    const inspection = await kernel.requestInspect({ code: "hessian", cursor_pos: 7, detail_level: 0 });
    expect((inspection.content as KernelMessage.IInspectReply).found).toBe(true);
    const complete = await kernel.requestIsComplete({ code: "for (let i = 0; i < 3; i++) {" });
    expect((complete.content as KernelMessage.IIsCompleteReplyIncomplete).status).toBe("incomplete");
  });

  it("interrupts a runaway cell through the server and keeps the session", async () => {
    await run("const kept = 41");
    const future = kernel.requestExecute({ code: "while (true) {}" });
    // Interrupt once the loop has started (execute_input has come), however slow the machine.
    await new Promise<void>((started) => {
      future.onIOPub = (msg) => {
        if (msg.header.msg_type === "execute_input") started();
      };
    });
    await new Promise((r) => setTimeout(r, 200));
    await kernel.interrupt();
    const reply = (await future.done) as KernelMessage.IExecuteReplyMsg;
    expect(reply.content.status).toBe("error");
    const after = await run("kept + 1");
    const result = after.iopub.find((m) => m.header.msg_type === "execute_result") as KernelMessage.IExecuteResultMsg | undefined;
    // The reply says why when there is no result (once in a loaded CI run: not reproduced since).
    expect(result?.content.data["text/plain"], JSON.stringify(after.reply.content)).toBe("42");
  }, 60_000);

  it("restarts, losing its variables as a restart should", async () => {
    await kernel.restart();
    const again = await run("typeof kept");
    expect(again.reply.content.status).toBe("ok");
    const result = again.iopub.find((m) => m.header.msg_type === "execute_result") as KernelMessage.IExecuteResultMsg;
    expect(result.content.data["text/plain"]).toBe("'undefined'");
  }, 60_000);
});
