import { createTestDatabase, type TestDatabase, type TestDriver } from "@pulse/db/testing";
import { createInProcessJobQueue, type JobWorkers } from "@pulse/jobs";
import { createInProcessBus, createInProcessPresence, createInProcessTypingStore } from "@pulse/realtime";
import { TRPCError } from "@trpc/server";
import pino from "pino";
import { FAST_TEST_SCRYPT_PARAMS, setScryptParams } from "./auth/password";
import { createAuthRateLimits } from "./auth/rate-limits";
import { type ApiDeps, createContext, type RequestMeta } from "./context";
import { createJobProcessors } from "./processors";
import { appRouter } from "./root";
import { createCallerFactory } from "./trpc";

// For tests of other workspaces (`@pulse/api/testing`; Biome keeps it out of non-test code): a signed-in session
// without a sign-up round trip, and the type of a feed event as a test reads it off a stream.
export { createSession } from "./auth/sessions";
export type { FeedEvent } from "./feed/feed";

const createCaller = createCallerFactory(appRouter);

export interface TestApi {
  database: TestDatabase;
  deps: ApiDeps;
  /** Session ids passed to onSessionRevoked, in order. */
  revokedSessions: string[];
  /** Cookies the procedures set, in order. */
  cookies: string[];
  caller(meta?: Partial<RequestMeta>): Promise<ReturnType<typeof createCaller>>;
  /** Signs a fresh user up (a weak-enough-to-type, strong-enough-to-pass password) and returns them with their caller. */
  member(username: string): Promise<{
    user: { id: string; username: string; displayName: string };
    call: ReturnType<typeof createCaller>;
  }>;
  close(): Promise<void>;
}

/**
 * A router over a fresh, migrated database, called in-process through createCaller. Passwords are hashed with the
 * fast test parameters (as a server started with PASSWORD_HASHING=fast-for-tests does); tests of hashing itself
 * set OWASP_SCRYPT_PARAMS after this.
 */
export async function createTestApi(driver: TestDriver, overrides: Partial<ApiDeps> = {}): Promise<TestApi> {
  setScryptParams(FAST_TEST_SCRYPT_PARAMS);
  const database = await createTestDatabase(driver);
  const revokedSessions: string[] = [];
  const cookies: string[] = [];
  const deps: ApiDeps = {
    db: database.db,
    bus: createInProcessBus(),
    typing: createInProcessTypingStore(),
    presence: createInProcessPresence(),
    maxReplay: 1000,
    logger: pino({ level: "silent" }),
    authRateLimits: createAuthRateLimits({
      perIpPerMinute: 1000,
      failuresPerPair: 1000,
      failuresPerUsernamePerHour: 1000,
      failuresPerIpPerDay: 1000,
    }),
    sessionTtlMs: 60 * 60 * 1000,
    cookieSecure: false,
    onSessionRevoked: (sessionId) => revokedSessions.push(sessionId),
    jobs: createInProcessJobQueue(),
    trendingWindowMs: 60 * 60 * 1000,
    ...overrides,
  };
  // The default in-process queue runs the real processors, as embedded mode does; an overriding queue is the test's.
  const processors = overrides.jobs ? undefined : createJobProcessors(deps);
  const workers: JobWorkers | undefined = processors ? await deps.jobs.work(processors) : undefined;
  const caller = async (meta: Partial<RequestMeta> = {}) =>
    createCaller(
      await createContext(deps, {
        transport: "http",
        ip: "127.0.0.1",
        token: undefined,
        setCookie: (value) => cookies.push(value),
        ...meta,
      }),
    );
  return {
    database,
    deps,
    revokedSessions,
    cookies,
    caller,
    async member(username) {
      const { token, user } = await (await caller()).auth.signup({ username, password: "correct horse battery" });
      return { user, call: await caller({ token }) };
    },
    async close() {
      await workers?.close();
      await processors?.close();
      if (!overrides.jobs) await deps.jobs.close();
      await deps.bus.close();
      await database.close();
    },
  };
}

/** The TRPCError a call rejects with (fails the test if it resolves or throws something else). */
export async function rejection(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(error)}`);
  return error;
}

/**
 * The [id, data] of one item of a tracked stream read through createCaller: in-process, tRPC hands over the raw
 * tracked envelope (an array), whatever its declared type says.
 */
export function trackedItem<T>(item: { id: string; data: T }): [id: string, data: T] {
  return item as unknown as [string, T];
}

type Caller = Awaited<ReturnType<TestApi["caller"]>>;

/**
 * Reads notification.onNew from `lastEventId` until `count` items arrived, as [id, type, notification id, kind]; a
 * later item on the same ordered stream is the end marker that proves nothing came in between.
 */
export async function readNotifications(call: Caller, lastEventId: string, count: number, retractions = true) {
  const items: Array<[string, string, string | undefined, string | undefined]> = [];
  const iterable = await call.notification.onNew({ lastEventId, retractions });
  const done = (async () => {
    for await (const tracked of iterable) {
      const [id, data] = trackedItem(tracked);
      if (data.type === "event") items.push([id, "event", data.event.id, data.event.kind]);
      else if (data.type === "retracted") items.push([id, "retracted", data.notificationId, data.kind]);
      else items.push([id, data.type, undefined, undefined]);
      if (items.length >= count) break;
    }
  })();
  return { items, done };
}
