import type { Request } from "../context";

/** interrupt_request (interrupt_mode "message"): stop the running cell, keep the sandbox. */
export async function interrupt(req: Request): Promise<void> {
  req.kernel.executor.interrupt();
  await req.reply("interrupt_reply", { status: "ok" });
}

/** shutdown_request: reply, then exit — or, with restart, start a fresh sandbox. */
export async function shutdown(req: Request): Promise<void> {
  const restart = Boolean(req.content.restart);
  if (restart) {
    await req.kernel.executor.restart();
    req.kernel.executionCount = 0;
    await req.reply("shutdown_reply", { status: "ok", restart });
    return;
  }
  await req.reply("shutdown_reply", { status: "ok", restart });
  await req.kernel.executor.shutdown();
  req.kernel.exit();
}
