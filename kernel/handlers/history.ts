import type { Request } from "../context";

/** history_request: tail, range or search over this session's cells (input only). */
export async function history(req: Request): Promise<void> {
  const h = req.kernel.history;
  const c = req.content;
  let entries: [number, number, string][] = [];
  if (c.hist_access_type === "tail") entries = h.tail(Number(c.n ?? 10));
  else if (c.hist_access_type === "range") entries = h.range(Number(c.start ?? 1), c.stop === undefined ? undefined : Number(c.stop));
  else if (c.hist_access_type === "search") entries = h.search(String(c.pattern ?? "*"), c.n ? Number(c.n) : undefined, Boolean(c.unique));
  const withOutput = Boolean(c.output);
  await req.reply("history_reply", {
    status: "ok",
    history: withOutput ? entries.map(([s, l, input]) => [s, l, [input, null]]) : entries,
  });
}
