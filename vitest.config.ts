import { defaultClientConditions, defaultServerConditions } from "vite";
import { defineConfig } from "vitest/config";

// Workspace packages that publish a build (@pulse/client) point this condition at their TypeScript source, so tests
// run against the source without building first (the base tsconfig sets the same customConditions).
const sourceFirst = ["@pulse/source"];

// One run over every workspace: `npm test` (after build, typecheck and lint). Per-package `npm test` uses it too.
export default defineConfig({
  resolve: { conditions: [...sourceFirst, ...defaultClientConditions] },
  ssr: { resolve: { conditions: [...sourceFirst, ...defaultServerConditions] } },
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
