import path from "node:path";
import { defineConfig } from "vitest/config";
import { testDatabaseAvailable } from "./scripts/test-postgres.mjs";

const alias = { "@": path.resolve(import.meta.dirname) };

const gatewayTests = ["gateway/test/**/*.test.ts"];
/**
 * The gateway's test files share their workers' modules (isolate off): each file imports the whole gateway, and
 * importing it again for every file was most of the unit run's CPU (3 Dec 2026, this machine, `npx vitest run` with
 * PostgreSQL: 583 s, of which 438 s importing summed over the workers → 390 s, 102 s importing). So a test file must
 * leave no state of its own in a module. A file that replaces a module (vi.mock) needs a module registry of its own
 * and runs isolated, in a project of its own.
 */
const mockingGatewayTests = ["gateway/test/auth/security-throttling.test.ts"];
/** SQLite-only: file permissions and the DATA_DIR lock; the engine, runtime, media-stream and activity-flush tests open SQLite directly. */
const sqliteOnlyGatewayTests = [
  "gateway/test/db/security-storage.test.ts",
  "gateway/test/cluster/leases.test.ts",
  "gateway/test/engines/**",
  "gateway/test/instances/instance-runtime-baileys.test.ts",
  "gateway/test/system/config.test.ts",
  "gateway/test/messages/inbound-media-stream.test.ts",
  "gateway/test/system/activity-flush.test.ts",
];

/**
 * The gateway's tests run twice: on SQLite and on PostgreSQL. The second run needs a server: TEST_DATABASE_URL,
 * or a local Debian cluster this (root) user can start (scripts/test-postgres.mjs). Only when there is neither
 * does it skip, loudly; in CI it never skips (.ci/run provides the server).
 */
const withPostgres = testDatabaseAvailable();
if (!withPostgres) {
  console.warn(
    "\n!!! SKIPPING the gateway's PostgreSQL tests: no TEST_DATABASE_URL and no local PostgreSQL cluster to start.\n" +
      "!!! Install the Debian postgresql package (or export TEST_DATABASE_URL=postgres://…) to run them; CI always does.\n",
  );
}

export default defineConfig({
  resolve: { alias },
  test: {
    // The gateway's tests mostly wait on sockets and timers, and each test gateway has its own port, data
    // directory and PostgreSQL schema, so three workers on two cores cut the run from ~17 to ~7 minutes.
    maxWorkers: 3,
    projects: [
      {
        resolve: { alias },
        test: {
          name: "gateway",
          environment: "node",
          include: [...gatewayTests, "contract/**/__tests__/**/*.test.ts", "scripts/__tests__/**/*.test.ts"],
          exclude: mockingGatewayTests,
          isolate: false,
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        resolve: { alias },
        test: { name: "gateway-mocking", environment: "node", include: mockingGatewayTests, testTimeout: 30_000, hookTimeout: 30_000 },
      },
      ...(withPostgres
        ? [
            {
              resolve: { alias },
              test: {
                name: "gateway-postgres",
                environment: "node",
                include: gatewayTests,
                exclude: [...sqliteOnlyGatewayTests, ...mockingGatewayTests],
                isolate: false,
                globalSetup: ["gateway/test/support/postgres-setup.ts"],
                testTimeout: 30_000,
                hookTimeout: 30_000,
              },
            },
            {
              resolve: { alias },
              test: {
                name: "gateway-postgres-mocking",
                environment: "node",
                include: mockingGatewayTests,
                globalSetup: ["gateway/test/support/postgres-setup.ts"],
                testTimeout: 30_000,
                hookTimeout: 30_000,
              },
            },
          ]
        : []),
      {
        resolve: { alias },
        esbuild: { jsx: "automatic" },
        test: {
          name: "panel",
          environment: "jsdom",
          // A hang guard, not a speed check: a test that opens Radix menus in jsdom takes about 1.7 s alone and
          // once took 5.2 s beside three gateway workers on two cores (vitest's default is 5 s).
          testTimeout: 20_000,
          include: ["features/**/__tests__/**/*.test.{ts,tsx}", "shared/**/__tests__/**/*.test.{ts,tsx}", "app/**/__tests__/**/*.test.{ts,tsx}"],
        },
      },
    ],
  },
});
