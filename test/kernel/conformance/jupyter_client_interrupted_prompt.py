"""The cell after an interrupted prompt() runs, with jupyter_client's KernelManager and client.

Through jupyter_client the first SIGINT of an interrupt sometimes left prompt()'s read blocked,
and the kernel's SIGINT 250 ms later, which ended the cell, was left behind in Node's SIGINT
watchdog: the next cell, `asked` below, failed with KeyboardInterrupt (3 times in 25).
"""
import time

from jupyter_client.manager import start_new_kernel

TRIALS = 40


def until_idle(kc, msg_id):
    results = []
    while True:
        msg = kc.get_iopub_msg(timeout=30)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "execute_result":
            results.append(msg["content"]["data"]["text/plain"])
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return results


km, kc = start_new_kernel(kernel_name="nabla", startup_timeout=60)
try:
    slow = 0
    for trial in range(1, TRIALS + 1):
        msg_id = kc.execute(f"let asked = {trial}; const answer = prompt('q?'); answer", allow_stdin=True)
        request = kc.get_stdin_msg(timeout=30)
        assert request["msg_type"] == "input_request", request
        started = time.time()
        km.interrupt_kernel()
        reply = kc.get_shell_msg(timeout=30)
        slow += time.time() - started > 0.2
        assert reply["content"].get("ename") == "KeyboardInterrupt", reply["content"]
        until_idle(kc, msg_id)
        after = kc.execute("asked", allow_stdin=False, reply=True, timeout=30)
        content = after["content"]
        assert content["status"] == "ok", f"trial {trial}: the cell after the interrupted prompt() failed: {content.get('ename')}: {content.get('evalue')}"
        assert until_idle(kc, after["parent_header"]["msg_id"]) == [str(trial)]
    # How many interrupts needed the kernel's second SIGINT: the case that left one behind.
    print(f"interrupted prompt: ok ({slow} of {TRIALS} needed a second SIGINT)")
finally:
    kc.stop_channels()
    km.shutdown_kernel(now=False)
