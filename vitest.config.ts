import { defineConfig } from "vitest/config";

// One run over every workspace: `npm test` (after build, typecheck and lint). Per-package `npm test` uses it too.
export default defineConfig({
  test: {
    include: ["{apps,packages}/*/src/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Two cores: tests that start processes and databases contend; keep the pool small and predictable.
    maxWorkers: 2,
    // Cheap password hashes for every server a test starts, in-process or as a child (refused outside NODE_ENV=test);
    // the hashing tests use OWASP's parameters explicitly.
    env: { PASSWORD_HASHING: "fast-for-tests" },
  },
});
