import type { Message } from "../wire";
import type { Output } from "./notebook";

/**
 * Turns a cell's iopub messages into nbformat outputs, as Jupyter front ends do: streams
 * of the same name merge, update_display_data rewrites every output with that display_id,
 * clear_output empties the list (at the next output when `wait` is set).
 */
export class OutputCollector {
  readonly outputs: Output[] = [];
  private clearPending = false;

  add(m: Message): void {
    const c = m.content as Record<string, unknown>;
    const type = m.header.msg_type;
    if (type === "clear_output") {
      if (c.wait) this.clearPending = true;
      else this.outputs.length = 0;
      return;
    }
    if (type === "update_display_data") {
      const id = (c.transient as { display_id?: string } | undefined)?.display_id;
      for (const o of this.outputs) {
        if (id && (o.metadata as Record<string, unknown> | undefined)?.__display_id === id) {
          o.data = c.data;
        }
      }
      return;
    }
    if (!["stream", "display_data", "execute_result", "error"].includes(type)) return;
    if (this.clearPending) {
      this.outputs.length = 0;
      this.clearPending = false;
    }
    if (type === "stream") {
      const last = this.outputs[this.outputs.length - 1];
      if (last?.output_type === "stream" && last.name === c.name) last.text = String(last.text) + String(c.text);
      else this.outputs.push({ output_type: "stream", name: c.name, text: c.text });
    } else if (type === "display_data") {
      const id = (c.transient as { display_id?: string } | undefined)?.display_id;
      // The display id is kept out of the saved metadata (see clean()).
      this.outputs.push({ output_type: "display_data", data: c.data, metadata: { ...(c.metadata as object), ...(id ? { __display_id: id } : {}) } });
    } else if (type === "execute_result") {
      this.outputs.push({ output_type: "execute_result", execution_count: c.execution_count, data: c.data, metadata: c.metadata ?? {} });
    } else {
      this.outputs.push({ output_type: "error", ename: c.ename, evalue: c.evalue, traceback: c.traceback });
    }
  }

  /** The outputs to save: display ids removed from metadata. */
  clean(): Output[] {
    return this.outputs.map((o) => {
      if (o.output_type !== "display_data") return o;
      const { __display_id: _id, ...metadata } = (o.metadata ?? {}) as Record<string, unknown>;
      return { ...o, metadata };
    });
  }
}
