import type { Request } from "../context";

/** complete_request, answered by the executor's completer. */
export async function complete(req: Request): Promise<void> {
  const code = String(req.content.code ?? "");
  const cursor = Number(req.content.cursor_pos ?? code.length);
  const r = await req.kernel.executor.complete(code, cursor);
  await req.reply("complete_reply", {
    status: "ok",
    matches: r.matches,
    cursor_start: r.cursorStart,
    cursor_end: r.cursorEnd,
    metadata: r.metadata,
  });
}

/** inspect_request: what the name at the cursor is. */
export async function inspect(req: Request): Promise<void> {
  const code = String(req.content.code ?? "");
  const cursor = Number(req.content.cursor_pos ?? code.length);
  const r = await req.kernel.executor.inspect(code, cursor, Number(req.content.detail_level ?? 0));
  await req.reply("inspect_reply", { status: "ok", found: r.found, data: r.data, metadata: r.metadata });
}

/** is_complete_request: may the front end run this, or does it need another line? */
export async function isComplete(req: Request): Promise<void> {
  const r = await req.kernel.executor.isComplete(String(req.content.code ?? ""));
  await req.reply("is_complete_reply", r.indent === undefined ? { status: r.status } : { status: r.status, indent: r.indent });
}
