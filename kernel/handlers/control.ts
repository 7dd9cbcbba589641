import type { Request } from "../context";

/** interrupt_request (interrupt_mode "message"): stop the running cell, keep the sandbox. */
export async function interrupt(req: Request): Promise<void> {
  req.kernel.executor.interrupt();
  await req.reply("interrupt_reply", { status: "ok" });
}

/**
 * shutdown_request: reply, then exit — with restart true too. The flag only tells the kernel
 * that its manager starts a new process next (jupyter_client's restart_kernel, used by
 * JupyterLab, Notebook and nbclient, waits for this one to end, then SIGTERMs it after
 * half its shutdown_wait_time), as ipykernel does.
 */
export async function shutdown(req: Request): Promise<void> {
  const restart = Boolean(req.content.restart);
  await req.reply("shutdown_reply", { status: "ok", restart });
  await req.kernel.executor.shutdown();
  req.kernel.exit();
}
