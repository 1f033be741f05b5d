import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { channels } from "@pulse/api";
import { createTestDatabase, type TestDatabase, testDrivers } from "@pulse/db/testing";
import { type RedisServer, startRedisServer } from "@pulse/realtime/testing";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { readTrpcBody, type ServerProcess, startServerProcess, stopServerProcess } from "./testing";
import { connectRaw, type RawClient, signUp } from "./ws-test-client";

const hasPostgres = (await testDrivers()).includes("postgres");
const waitLong = { timeout: 20_000, interval: 50 };
type Member = { token: string; user: { id: string } };

/** The seqs a subscription received, in arrival order. */
function seqsOf(client: RawClient, id: number): number[] {
  return client.dataOf(id).map((item) => (item as { data: { event: { seq: number } } }).data.event.seq);
}

/** expected / delivered / missing / duplicated, by sequence. */
function tally(expected: number[], delivered: number[]) {
  const seen = new Set(delivered);
  return {
    expected: expected.length,
    delivered: delivered.length,
    missing: expected.filter((seq) => !seen.has(seq)).length,
    duplicated: delivered.length - seen.size,
  };
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => from + index);

describe.skipIf(!hasPostgres)(
  "resumable streams through a Redis outage (real server process, PostgreSQL, redis-server)",
  () => {
    let redis: RedisServer;
    let database: TestDatabase;
    let dataDir: string;
    let server: ServerProcess;
    /** One inbox subscribed before the outage, one first subscribed during it (a channel Redis has never held). */
    let liveRecipient: Member;
    let lateRecipient: Member;
    let actors: Member[];
    const sockets: RawClient[] = [];

    beforeAll(async () => {
      redis = await startRedisServer();
      database = await createTestDatabase("postgres");
      dataDir = await mkdtemp(join(tmpdir(), "pulse-outage-"));
      server = await startServerProcess(["node", "--import", "tsx", "apps/server/src/main.ts"], {
        PORT: "0",
        HOST: "127.0.0.1",
        DATA_DIR: dataDir,
        SEED_DEMO: "false",
        LOG_LEVEL: "error",
        DATABASE_URL: database.url as string,
        REDIS_URL: redis.url,
      });
      liveRecipient = await signUp(server.url, "outage_live");
      lateRecipient = await signUp(server.url, "outage_late");
      actors = [];
      for (let index = 0; index < 20; index++) actors.push(await signUp(server.url, `outage_actor${index}`));
    });
    afterAll(async () => {
      for (const socket of sockets) socket.close();
      if (server) await stopServerProcess(server);
      await redis?.stop();
      await database?.close();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    });

    /** Actor `index` follows both recipients: one FOLLOW notification each, committed whether or not Redis is there. */
    async function follow(index: number): Promise<void> {
      const actor = actors[index] as Member;
      for (const recipient of [liveRecipient, lateRecipient]) {
        const response = await fetch(`${server.url}/trpc/user.follow`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${actor.token}` },
          body: JSON.stringify({ userId: recipient.user.id }),
        });
        const body = await readTrpcBody<{ changed: boolean }>(response);
        expect(body.result?.data.changed, body.error?.message).toBe(true);
      }
    }

    async function subscribe(recipient: Member, lastEventId: string): Promise<{ socket: RawClient; id: number }> {
      const socket = await connectRaw(server.url, { token: recipient.token });
      sockets.push(socket);
      return { socket, id: await socket.subscribe("notification.onNew", { lastEventId }) };
    }

    it("replays from PostgreSQL while Redis is down, catches up when it returns empty, then goes live", async () => {
      const admin = new Redis(redis.url, { lazyConnect: true });
      const liveChannel = channels.userNotifications(liveRecipient.user.id).name;
      const lateChannel = channels.userNotifications(lateRecipient.user.id).name;
      // A live subscriber from before the outage.
      const live = await subscribe(liveRecipient, "0");
      for (const index of range(0, 4)) await follow(index);
      await vi.waitFor(() => expect(seqsOf(live.socket, live.id)).toEqual(range(1, 5)), waitLong);

      await redis.kill();
      for (const index of range(5, 9)) await follow(index);

      // Subscribing during the outage, 2 behind the first event: the database replay arrives at once.
      const subscribedAt = performance.now();
      const late = await subscribe(lateRecipient, "2");
      await vi.waitFor(() => expect(seqsOf(late.socket, late.id)).toEqual(range(3, 10)), waitLong);
      const replayDuringOutageMs = Math.round(performance.now() - subscribedAt);

      // More writes while Redis is still away: nobody can ring for them.
      for (const index of range(10, 14)) await follow(index);
      await redis.restart();
      const restartedAt = performance.now();
      // Redis came back empty: the server's subscriber reconnects and re-subscribes, then catches up from the
      // database without waiting for a new event.
      await admin.connect();
      await vi.waitFor(
        async () =>
          expect(await admin.pubsub("NUMSUB", liveChannel, lateChannel)).toEqual([liveChannel, 1, lateChannel, 1]),
        waitLong,
      );
      await vi.waitFor(() => {
        expect(seqsOf(live.socket, live.id)).toEqual(range(1, 15));
        expect(seqsOf(late.socket, late.id)).toEqual(range(3, 15));
      }, waitLong);
      const catchUpAfterRestartMs = Math.round(performance.now() - restartedAt);

      // Live again: each new event arrives through Redis.
      for (const index of range(15, 19)) await follow(index);
      await vi.waitFor(() => {
        expect(seqsOf(live.socket, live.id)).toEqual(range(1, 20));
        expect(seqsOf(late.socket, late.id)).toEqual(range(3, 20));
      }, waitLong);
      const outcome = {
        liveBeforeOutage: tally(range(1, 20), seqsOf(live.socket, live.id)),
        subscribedDuringOutage: tally(range(3, 20), seqsOf(late.socket, late.id)),
      };
      console.info(
        "stream outage outcome",
        JSON.stringify({ ...outcome, replayDuringOutageMs, catchUpAfterRestartMs }),
      );
      expect(outcome).toEqual({
        liveBeforeOutage: { expected: 20, delivered: 20, missing: 0, duplicated: 0 },
        subscribedDuringOutage: { expected: 18, delivered: 18, missing: 0, duplicated: 0 },
      });
      admin.disconnect();
    }, 90_000);
  },
);
