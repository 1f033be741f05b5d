import { createPulseClient } from "@pulse/client";
import { testDrivers } from "@pulse/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./testing";

const drivers = await testDrivers();
const DEPTH = 150;
const CALLS = 20;

type ThreadBody = {
  result?: { data: { ancestors: unknown[]; replies: unknown[]; truncated?: { ancestors: boolean; replies: boolean } } };
  error?: unknown;
};

/** Milliseconds one request takes, from send to the full body. */
async function timed(request: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await request();
  return performance.now() - started;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** Counts the statements the server sends to its database (both drivers call `query` on their client per statement). */
function countStatements(db: unknown): { count(): number } {
  const client = (db as { $client: { query: (...args: unknown[]) => Promise<unknown> } }).$client;
  const query = client.query;
  let statements = 0;
  client.query = function (this: unknown, ...args: unknown[]) {
    // The dependency monitor's background `select 1` (every few seconds) is not the thread's work.
    const text = typeof args[0] === "string" ? args[0] : (args[0] as { text?: unknown } | undefined)?.text;
    if (text !== "select 1") statements++;
    return query.apply(this, args);
  };
  return { count: () => statements };
}

describe.each(drivers)("tweet.thread on a deep reply chain, %s", (driver) => {
  let ctx: TestServer;
  beforeAll(async () => {
    ctx = await startTestServer(driver, { MUTATIONS_PER_USER_PER_MINUTE: "10000" });
  });
  afterAll(() => ctx.close());

  it("costs one bounded statement per call, and a bystander still answers promptly", async () => {
    const anonymous = createPulseClient({ url: ctx.url });
    const attacker = await anonymous.trpc.auth.signup.mutate({ username: "chain", password: "correct horse battery" });
    const bystander = await anonymous.trpc.auth.signup.mutate({
      username: "stander",
      password: "correct horse battery",
    });
    anonymous.close();
    const poster = createPulseClient({ url: ctx.url, token: attacker.token });
    let leafId: string | null = null;
    for (let depth = 0; depth < DEPTH; depth++) {
      leafId = (await poster.trpc.tweet.create.mutate({ content: `level ${depth}`, replyToId: leafId })).id;
    }
    poster.close();
    const leaf = leafId as string;

    // The bystander: another user reading a tweet, which needs the database the attack is using.
    const bystanderCall = () =>
      fetch(`${ctx.url}/trpc/tweet.get?input=${encodeURIComponent(JSON.stringify({ tweetId: leaf }))}`, {
        headers: { authorization: `Bearer ${bystander.token}` },
      }).then((response) => response.json());
    for (let warmup = 0; warmup < 5; warmup++) await bystanderCall();
    const baseline: number[] = [];
    for (let sample = 0; sample < 20; sample++) baseline.push(await timed(bystanderCall));

    // The attack: one batched GET of 20 × tweet.thread on the leaf.
    const names = Array.from({ length: CALLS }, () => "tweet.thread").join(",");
    const inputs = Object.fromEntries(Array.from({ length: CALLS }, (_, i) => [i, { tweetId: leaf }]));
    const attack = () =>
      fetch(`${ctx.url}/trpc/${names}?batch=1&input=${encodeURIComponent(JSON.stringify(inputs))}`, {
        headers: { authorization: `Bearer ${attacker.token}` },
      }).then((response) => response.json() as Promise<ThreadBody[]>);

    // Alone first, to count its statements.
    const statements = countStatements(ctx.server.database.db);
    const bodies = await attack();
    const attackStatements = statements.count();

    // Then with the bystander asking over and over while it runs.
    const cpuBefore = process.cpuUsage();
    const attackStarted = performance.now();
    let attackDone = false;
    const running = attack().finally(() => {
      attackDone = true;
    });
    const during: number[] = [];
    while (!attackDone) during.push(await timed(bystanderCall));
    await running;
    const attackMs = performance.now() - attackStarted;
    const cpu = process.cpuUsage(cpuBefore);

    const worst = Math.max(...during);
    const ratio = worst / median(baseline);
    console.info(
      `${driver}: ${CALLS} × thread on a ${DEPTH}-deep chain took ${attackMs.toFixed(0)} ms ` +
        `(${((cpu.user + cpu.system) / 1000).toFixed(0)} ms CPU in this process), ` +
        `${attackStatements} statements (${(attackStatements / CALLS).toFixed(1)} per call); bystander baseline ` +
        `${median(baseline).toFixed(1)} ms, worst during ${worst.toFixed(1)} ms (×${ratio.toFixed(1)})`,
    );

    expect(bodies).toHaveLength(CALLS);
    for (const body of bodies) {
      const thread = body.result?.data;
      expect(thread?.ancestors.length).toBeLessThanOrEqual(50);
      expect(thread?.truncated).toEqual({ ancestors: true, replies: false });
    }
    // One recursive statement per call, whatever the depth.
    expect(attackStatements).toBeLessThanOrEqual(CALLS);
    // The bystander may queue once behind each call of the batch (PGlite runs one statement at a time), and one
    // call now costs a few of the bystander's own reads, not a hundred and fifty.
    expect(ratio).toBeLessThan(CALLS * 5);
  });
});
