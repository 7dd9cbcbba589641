import type { Request } from "../context";

/** comm_info_request: no comm targets are registered yet. */
export async function commInfo(req: Request): Promise<void> {
  await req.reply("comm_info_reply", { status: "ok", comms: {} });
}

/** comm_open with no such target: close it again, as ipykernel does. */
export async function commOpen(req: Request): Promise<void> {
  await req.publish("comm_close", { comm_id: req.content.comm_id, data: {} });
}

/** comm_msg / comm_close for comms we never opened: accepted and ignored. */
export async function commIgnore(_req: Request): Promise<void> {}
