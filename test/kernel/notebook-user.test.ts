import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChildProcess } from "node:child_process";
import { TestClient } from "./support/client";
import { installKernelspec, makeConnection, spawnFromSpec } from "./support/kernel-process";

/*
 * Regressions found by using the kernel as a notebook user would: each test is a cell (or a
 * few) as typed in JupyterLab, sent over signed ZeroMQ to the kernel started from its
 * kernelspec.
 */
describe("cells as notebook users write them", () => {
  let kernel: ChildProcess;
  let client: TestClient;

  beforeAll(async () => {
    const { spec } = installKernelspec();
    const { file, info } = await makeConnection("tcp");
    kernel = spawnFromSpec(spec.argv, file);
    client = new TestClient(info);
    await client.connect();
    await client.waitReady();
  });

  afterAll(() => {
    client?.close();
    kernel?.kill("SIGKILL");
  });

  const resultOf = async (code: string): Promise<string | undefined> => {
    const { reply, iopub } = await client.execute(code);
    expect(reply.content.status, JSON.stringify(reply.content)).toBe("ok");
    return iopub.find((m) => m.header.msg_type === "execute_result")?.content.data["text/plain"];
  };

  it("a class extends a class of the session, in the same cell and in a later one", async () => {
    expect(await resultOf("class Base { f() { return 1 } }\nclass Derived extends Base {}\nnew Derived().f()")).toBe("1");
    expect(await resultOf("abstract class Shape { abstract area(): number; describe() { return `area ${this.area()}` } }\nclass Sq extends Shape { constructor(readonly s: number) { super() } area() { return this.s ** 2 } }\nnew Sq(3).describe()")).toBe("'area 9'");
    expect(await resultOf("class Later<T> extends Base implements Iterable<T> { *[Symbol.iterator]() {} }\nnew Later<number>().f() + (new Later() instanceof Base ? 1 : 0)")).toBe("2");
    expect(await resultOf("const mk = () => class extends Base { g() { return 3 } }; new (mk())().g()")).toBe("3");
  });

  it("++ and -- keep JavaScript's meaning on bigints and strings, and differentiate on duals", async () => {
    expect(await resultOf("let big = 5n; big++; ++big; big--; big")).toBe("6n");
    expect(await resultOf("let str: any = '5'; str++; str")).toBe("6");
    expect(await resultOf("let none: any; none++; none")).toBe("NaN");
    expect(await resultOf("derivative((x: number) => { let y = x * x; y++; y--; y++; return y })(3)")).toBe("6");
  });

  it("a timer that prints and then throws shows its output before its error", async () => {
    const started = await client.execute("setTimeout(() => { console.log('before the throw'); throw new Error('in a timer') }, 100); 'started'");
    expect(started.reply.content.status).toBe("ok");
    await client.execute("await new Promise((r) => setTimeout(r, 600))");
    const late = client.iopubMessages.filter((m) => m.parent_header.msg_id === started.reply.parent_header.msg_id && m.header.msg_type === "stream");
    const text = late.map((m) => `${m.content.name}: ${m.content.text}`).join("");
    expect(text).toMatch(/^stdout: before the throw\nstderr: .*Error.*: in a timer\n/);
  });
});
