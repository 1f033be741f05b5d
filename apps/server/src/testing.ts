import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ConfigInput, parseConfig } from "@pulse/config";
import { createTestDatabase, type TestDriver } from "@pulse/db/testing";
import pino from "pino";
import { type PulseServer, startPulseServer } from "./app";

export interface TestServer {
  server: PulseServer;
  url: string;
  close(): Promise<void>;
}

type Env = { [K in keyof ConfigInput]?: string };

/** An in-process Pulse server on a free port over a fresh database of the given driver. */
export async function startTestServer(driver: TestDriver, env: Env = {}): Promise<TestServer> {
  const dataDir = await mkdtemp(join(tmpdir(), "pulse-test-"));
  const database = driver === "postgres" ? await createTestDatabase("postgres", { migrate: false }) : undefined;
  const config = parseConfig({
    PORT: "0",
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    SEED_DEMO: "false",
    LOG_LEVEL: "silent",
    ...(database?.url ? { DATABASE_URL: database.url } : {}),
    ...env,
  });
  const server = await startPulseServer({ config, logger: pino({ level: config.LOG_LEVEL }) });
  return {
    server,
    url: server.url,
    async close() {
      await server.close();
      // Drops the PostgreSQL test database (the server used its own pool on it).
      await database?.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export {
  type RunningProcess,
  runFromRepoRoot,
  type ServerProcess,
  startServerProcess,
  stopServerProcess,
} from "@pulse/test-processes";

/** The JSON body of a raw tRPC HTTP response (for tests that speak the wire format without a client). */
export async function readTrpcBody<T>(response: Response) {
  return (await response.json()) as { result?: { data: T }; error?: { message: string; data: { code: string } } };
}
