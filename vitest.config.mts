import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["test/bench/**", "node_modules/**"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Kernel integration tests spawn processes; two cores, so keep parallelism modest.
    maxWorkers: 2,
  },
});
