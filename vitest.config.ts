import { defaultClientConditions, defaultServerConditions } from "vite";
import { configDefaults, defineConfig } from "vitest/config";

// Workspace packages that publish a build (@pulse/client) point this condition at their TypeScript source, so tests
// run against the source without building first (the base tsconfig sets the same customConditions).
const sourceFirst = ["@pulse/source"];

/**
 * Tests that touch no database, Redis, socket, child process or browser: seconds in all (`npm run test:unit`). A test
 * file joins this list only when it does no I/O; every other file runs in `integration` (or `e2e`), so a new test is
 * never left out, only possibly slower than it could be.
 */
const unitTests = [
  "apps/bench/src/options.test.ts",
  "apps/bench/src/pulse/loopback.test.ts",
  "apps/bench/src/pulse/wire-client.test.ts",
  "apps/bench/src/scenarios/match.test.ts",
  "apps/bench/src/throughput/schedule.test.ts",
  "apps/bench/src/throughput/step-summary.test.ts",
  "apps/bench/src/throughput/verdict.test.ts",
  "apps/bench/src/util/arrivals.test.ts",
  "apps/bench/src/util/stats.test.ts",
  "apps/server/src/connection-registry.test.ts",
  "apps/server/src/shared-payload-encoder.test.ts",
  "apps/web/src/components/display-names.test.ts",
  "apps/web/src/lib/match-task.test.ts",
  "apps/web/src/lib/rich-text.test.ts",
  "apps/web/src/lib/routes.test.ts",
  "apps/web/src/lib/tags.test.ts",
  "apps/web/src/lib/typing.test.ts",
  "apps/web/src/live/engagement.test.ts",
  "apps/web/src/live/feed.test.ts",
  "apps/web/src/live/matches.test.ts",
  "apps/web/src/live/notifications.test.ts",
  "packages/api/src/auth/cookie.test.ts",
  "packages/api/src/auth/password.test.ts",
  "packages/api/src/demo/community.test.ts",
  "packages/api/src/channels/channels.test.ts",
  "packages/api/src/social/text.test.ts",
  "packages/api/src/streams/inbox.test.ts",
  "packages/api/src/streams/resumable.test.ts",
  "packages/api/src/streams/shared-read.test.ts",
  "packages/api/src/trpc/unavailable.test.ts",
  "packages/api/src/validation/text.test.ts",
  "packages/client/src/client.test.ts",
  "packages/client/src/live/connection.test.ts",
  "packages/client/src/live/cursors.test.ts",
  "packages/client/src/live/slot-pool.test.ts",
  "packages/client/src/live/store.test.ts",
  "packages/config/src/config.test.ts",
  "packages/jobs/src/keep-schedulers.test.ts",
  "packages/matching/src/generate.test.ts",
  "packages/matching/src/quality.test.ts",
  "packages/matching/src/string-table.test.ts",
  "packages/matching/src/tags.test.ts",
  "packages/matching/src/timezone.test.ts",
  "packages/matching/src/tokenize.test.ts",
  "packages/protocol/src/close-codes.test.ts",
  "packages/realtime/src/channels.test.ts",
  "packages/realtime/src/keyed-serial.test.ts",
  "packages/realtime/src/publish-stamp.test.ts",
  "packages/redis-retry/src/reconnect-delay.test.ts",
  "apps/web/src/lib/serial-refresh.test.ts",
  "apps/web/src/live/live-writes.test.ts",
];
const e2eTests = ["apps/web/src/e2e/**/*.test.ts"];
const allTests = ["{apps,packages}/*/src/**/*.test.ts"];

// One run over every workspace, in three projects by speed: `npm test` runs all (after build, typecheck and lint),
// `npm run test:unit` the first. Per-package `npm test` scripts filter it by path.
export default defineConfig({
  resolve: { conditions: [...sourceFirst, ...defaultClientConditions] },
  ssr: { resolve: { conditions: [...sourceFirst, ...defaultServerConditions] } },
  test: {
    projects: [
      { extends: true, test: { name: "unit", include: unitTests } },
      {
        extends: true,
        test: {
          name: "integration",
          include: allTests,
          exclude: [...configDefaults.exclude, ...unitTests, ...e2eTests],
        },
      },
      { extends: true, test: { name: "e2e", include: e2eTests } },
    ],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Two cores: tests that start processes and databases contend; keep the pool small and predictable.
    maxWorkers: 2,
    // Cheap password hashes for every server a test starts, in-process or as a child (refused outside NODE_ENV=test);
    // the hashing tests use OWASP's parameters explicitly.
    env: { PASSWORD_HASHING: "fast-for-tests" },
  },
});
