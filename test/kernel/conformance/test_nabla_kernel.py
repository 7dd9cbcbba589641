"""Conformance of the Nabla kernel, checked by jupyter_kernel_test (a client nobody here wrote).

Run with JUPYTER_PATH pointing at a data dir where `nabla install --prefix` put the kernelspec.
"""
import unittest

import jupyter_kernel_test as jkt


class NablaKernelTests(jkt.KernelTests):
    kernel_name = "nabla"
    language_name = "typescript"
    file_extension = ".ts"

    code_hello_world = "console.log('hello, world')"
    code_stderr = "console.error('oops')"

    completion_samples = [
        {"text": "const zebra_count = 1; zebra_c", "matches": {"zebra_count"}},
    ]

    complete_code_samples = ["1 + 1", "const x = 3", "function f() { return 1 }"]
    incomplete_code_samples = ["function f() {", "const s = `abc", "for (let i = 0; i < 3; i++) {"]
    invalid_code_samples = ["let = = 1", "const 3x = 1"]

    code_display_data = [
        {"code": "display(5)", "mime": "text/plain"},
    ]
    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": "grad((x: number) => x ** 3)(2)", "result": "12"},
        {"code": "'a' + 'b'", "result": "'ab'"},
    ]

    code_history_pattern = "6 * 7"
    supported_history_operations = ("tail", "range", "search")

    code_inspect_sample = "console"
    code_clear_output = "clearOutput()"

    code_generate_error = "throw new Error('boom')"

    def test_nabla_state_persists(self):
        self.flush_channels()
        reply, _ = self.execute_helper(code="const persisted = 41")
        self.assertEqual(reply["content"]["status"], "ok")
        reply, output = self.execute_helper(code="persisted + 1")
        results = [m for m in output if m["msg_type"] == "execute_result"]
        self.assertEqual(results[0]["content"]["data"]["text/plain"], "42")


if __name__ == "__main__":
    unittest.main()
