import { performance } from "node:perf_hooks";
import type { NotifyRequest } from "../peers/protocol";
import type { Account } from "../pulse/accounts";
import { openWireClient, tweetIdOf } from "../pulse/wire-client";
import { instance, type ScaleStack } from "../scale/stacks";
import { openWorkMeter, workBetween } from "../scale/work-meter";
import { connectRawWs } from "../stacks/raw-ws";
import { connectSocketIo } from "../stacks/socketio";
import type { OpenClient, StackName } from "../stacks/stack";
import { ArrivalLog } from "../throughput/arrival-log";
import { createPoster, type Poster } from "../throughput/http-poster";
import type { StepWork } from "../throughput/step-summary";
import { onCleanup } from "../util/cleanup";
import { errorMessage, progress } from "../util/log";
import { mapLimit, sleep } from "../util/pool";
import { type Summary, summarize } from "../util/stats";

/** One post and its fan-out to every connected follower. */
export interface FanoutPost {
  /** Send → the post's HTTP response. */
  responseMs: number | null;
  /** Send → the first / median / last follower decoded it (over those who did). */
  firstMs: number | null;
  p50Ms: number | null;
  lastMs: number | null;
  /** HTTP response → the last follower. */
  responseToLastMs: number | null;
  delivered: number;
  error: string | null;
}

export interface FanoutStackResult {
  stack: StackName;
  /** What one post does there. */
  what: string;
  followers: number;
  connected: number;
  connect: Summary | null;
  /** The first post (unmeasured: primes listeners, pools, JIT). */
  warmup: FanoutPost | null;
  posts: FanoutPost[];
  /** Over the measured posts: send → last follower, response → last follower, per-post median follower. */
  sendToLast: Summary | null;
  responseToLast: Summary | null;
  followerP50: Summary | null;
  /** Per measured post, all server processes / the worker / the stack's Redis. */
  perPost: { serverCpuMs: number; workerCpuMs: number | null; redisCommands: number } | null;
  error: string | null;
}

export interface FanoutResult {
  followers: number;
  posts: number;
  timeoutMs: number;
  stacks: FanoutStackResult[];
}

const CONNECT_CONCURRENCY = 50;
const POST_TIMEOUT_MS = 60_000;
const POLL_MS = 10;

interface Target {
  stack: ScaleStack;
  what: string;
  open(server: Parameters<ScaleStack["openRecipient"]>[0], follower: number, log: ArrivalLog): Promise<OpenClient>;
  post(poster: Poster, n: number): Promise<string>;
}

function pulseTarget(stack: ScaleStack, star: Account, followers: readonly Account[]): Target {
  return {
    stack,
    what: "tweet.create by the author (HTTP) → outbox job → worker: feed rows per 1 000 followers, PUBLISH per follower → feed.onNew",
    async open(server, follower, log) {
      const account = followers[follower];
      if (!account) throw new Error(`no follower ${follower}`);
      const client = await openWireClient(
        server,
        account.token,
        [{ path: "feed.onNew", input: { lastEventId: null } }],
        (_i, data) => {
          const key = tweetIdOf(data);
          if (key) log.record(key);
        },
      );
      return { connectMs: client.readyMs, close: client.close };
    },
    async post(poster, n) {
      const { status, text } = await poster.post(
        `${stack.servers[0].url}/trpc/tweet.create`,
        JSON.stringify({ content: `fan-out post n${n}` }),
        { authorization: `Bearer ${star.token}` },
      );
      const id = (JSON.parse(text) as { result?: { data?: { id?: unknown } } }).result?.data?.id;
      if (status !== 200 || typeof id !== "string")
        throw new Error(`tweet.create: HTTP ${status}: ${text.slice(0, 200)}`);
      return id;
    },
  };
}

const ROOM_USER = "fanout-room";

function peerTarget(stack: ScaleStack): Target {
  const connect = stack.name === "raw" ? connectRawWs : connectSocketIo;
  return {
    stack,
    what:
      stack.name === "raw"
        ? "POST /notify → one PUBLISH → each instance ws.sends to its sockets on the channel (no database)"
        : "POST /notify → io.to(room).emit: local sockets, one PUBLISH for the other instance (no database)",
    open: (server, _follower, log) => connect(server, ROOM_USER, (key) => log.record(key)),
    async post(poster, n) {
      const request: NotifyRequest = {
        to: ROOM_USER,
        key: `fanout-${n}`,
        actor: { id: "star", username: "star", displayName: "star" },
      };
      const { status, text } = await poster.post(`${stack.servers[0].url}/notify`, JSON.stringify(request));
      if (status !== 200) throw new Error(`POST /notify: HTTP ${status}: ${text.slice(0, 200)}`);
      return request.key;
    },
  };
}

async function onePost(
  target: Target,
  poster: Poster,
  log: ArrivalLog,
  n: number,
  expected: number,
): Promise<FanoutPost> {
  const sentAt = performance.now();
  let key: string;
  try {
    key = await target.post(poster, n);
  } catch (error) {
    return {
      responseMs: null,
      firstMs: null,
      p50Ms: null,
      lastMs: null,
      responseToLastMs: null,
      delivered: 0,
      error: errorMessage(error),
    };
  }
  const respondedAt = performance.now();
  // Bounded by POST_TIMEOUT_MS.
  while (log.count(key) < expected && performance.now() - sentAt < POST_TIMEOUT_MS) await sleep(POLL_MS);
  const times = [...(log.get(key) ?? [])].map((at) => at - sentAt);
  const summary = times.length ? summarize(times) : null;
  return {
    responseMs: respondedAt - sentAt,
    firstMs: summary?.min ?? null,
    p50Ms: summary?.p50 ?? null,
    lastMs: summary?.max ?? null,
    responseToLastMs: summary ? summary.max - (respondedAt - sentAt) : null,
    delivered: times.length,
    error:
      times.length < expected
        ? `${expected - times.length} of ${expected} followers got nothing within ${POST_TIMEOUT_MS} ms`
        : null,
  };
}

async function runTarget(target: Target, followers: number, posts: number): Promise<FanoutStackResult> {
  const { stack } = target;
  const log = new ArrivalLog();
  const clients: OpenClient[] = [];
  const poster = createPoster(4);
  const connectMs: number[] = [];
  const close = onCleanup(`fan-out clients (${stack.name})`, async () => {
    poster.close();
    await Promise.allSettled(clients.map(async (client) => client.close()));
    await sleep(500);
  });
  const result: FanoutStackResult = {
    stack: stack.name,
    what: target.what,
    followers,
    connected: 0,
    connect: null,
    warmup: null,
    posts: [],
    sendToLast: null,
    responseToLast: null,
    followerP50: null,
    perPost: null,
    error: null,
  };
  try {
    progress(`fan-out ${stack.name}: connecting ${followers} followers`);
    await mapLimit(followers, CONNECT_CONCURRENCY, async (i) => {
      const client = await target.open(instance(stack, i), i, log);
      clients.push(client);
      connectMs.push(client.connectMs);
    });
    result.connected = clients.length;
    result.connect = summarize(connectMs);
    result.warmup = await onePost(target, poster, log, 0, followers);
    if (result.warmup.error) throw new Error(`warm-up post: ${result.warmup.error}`);
    const meter = await openWorkMeter(stack);
    let work: StepWork;
    try {
      const before = await meter.read();
      for (let n = 1; n <= posts; n++) {
        const post = await onePost(target, poster, log, n, followers);
        result.posts.push(post);
        progress(
          `fan-out ${stack.name} post ${n}: response ${post.responseMs?.toFixed(0) ?? "–"} ms, last follower ` +
            `${post.lastMs?.toFixed(0) ?? "–"} ms, ${post.delivered}/${followers}`,
        );
        // Another minute-long wait would add nothing: the post's error says what went wrong.
        if (post.error) break;
      }
      work = workBetween(stack, before, await meter.read());
    } finally {
      meter.close();
    }
    const of = (pick: (post: FanoutPost) => number | null) => {
      const values = result.posts.map(pick).filter((value): value is number => value !== null);
      return values.length ? summarize(values) : null;
    };
    result.sendToLast = of((post) => post.lastMs);
    result.responseToLast = of((post) => post.responseToLastMs);
    result.followerP50 = of((post) => post.p50Ms);
    result.perPost = {
      serverCpuMs: work.serverCpuMs / result.posts.length,
      workerCpuMs: work.workerCpuMs === null ? null : work.workerCpuMs / result.posts.length,
      redisCommands: work.redisCommands / result.posts.length,
    };
  } catch (error) {
    result.error = errorMessage(error);
    progress(`FAILED fan-out ${stack.name}: ${result.error}`);
  } finally {
    result.connected = clients.length;
    await close();
  }
  return result;
}

/**
 * Feed fan-out: Pulse's author with `followers` followers, each online with one socket holding feed.onNew (split
 * A/B), posts `posts` times (after one warm-up post), one at a time; each post waits until every follower has it
 * (at most 60 s). The peers broadcast one message to a room of as many sockets, for comparison.
 */
export async function runFanout(
  stacks: readonly ScaleStack[],
  star: Account,
  followerAccounts: readonly Account[],
  posts: number,
): Promise<FanoutResult> {
  const followers = followerAccounts.length;
  const results: FanoutStackResult[] = [];
  for (const stack of stacks) {
    const target = stack.name === "pulse" ? pulseTarget(stack, star, followerAccounts) : peerTarget(stack);
    results.push(await runTarget(target, followers, posts));
  }
  return { followers, posts, timeoutMs: POST_TIMEOUT_MS, stacks: results };
}
