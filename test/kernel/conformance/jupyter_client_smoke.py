"""Drives the Nabla kernel with jupyter_client's KernelManager and blocking client."""
import sys

from jupyter_client.manager import start_new_kernel

km, kc = start_new_kernel(kernel_name="nabla", startup_timeout=60)
try:
    reply = kc.execute("const v = [1, 2, 3]\nv.map(x => x * 2).join(',')", reply=True, timeout=60)
    assert reply["content"]["status"] == "ok", reply["content"]
    results = []
    while True:
        msg = kc.get_iopub_msg(timeout=10)
        if msg["parent_header"].get("msg_id") != reply["parent_header"]["msg_id"]:
            continue
        if msg["msg_type"] == "execute_result":
            results.append(msg["content"]["data"]["text/plain"])
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            break
    assert results == ["'2,4,6'"], results
    info = kc.kernel_info(reply=True, timeout=30)
    assert info["content"]["language_info"]["name"] == "typescript"
    print("jupyter_client: ok")
finally:
    kc.stop_channels()
    km.shutdown_kernel(now=False)
