import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from "node:http";
import { appRouter, createContext } from "@pulse/api";
import { createTestApi, type TestApi } from "@pulse/api/testing";
import { type AnyTRPCRouter, type inferRouterContext, initTRPC, TRPCError } from "@trpc/server";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createTrpcFastPath } from "./trpc-fast-path";

const MAX_BODY = 64 * 1024;

interface Answer {
  status: number;
  contentType: string | undefined;
  vary: string | undefined;
  body: string;
}

interface Pair {
  /** The same router behind tRPC's adapter (`adapter`) and behind the fast path (`fast`, which falls back to it). */
  adapter: string;
  fast: string;
  /** Requests the fast path answered itself. */
  served: number;
  close(): Promise<void>;
}

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<[Server, string]> {
  const server = createServer(handler);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("not listening on a TCP port");
  return [server, `http://127.0.0.1:${address.port}`];
}

async function servePair<Router extends AnyTRPCRouter>(
  router: Router,
  makeContext: (req: IncomingMessage, res: ServerResponse) => Promise<inferRouterContext<Router>>,
): Promise<Pair> {
  const adapter = createHTTPHandler({
    router,
    basePath: "/trpc/",
    maxBodySize: MAX_BODY,
    createContext: ({ req, res }) => makeContext(req, res),
  });
  const fastPath = createTrpcFastPath({
    router,
    basePath: "/trpc/",
    maxBodySize: MAX_BODY,
    createContext: makeContext,
  });
  const pair = { served: 0 };
  const [adapterServer, adapterUrl] = await listen(adapter);
  const [fastServer, fastUrl] = await listen((req, res) => {
    if (fastPath(req, res, new URL(req.url ?? "/", "http://localhost"))) pair.served += 1;
    else adapter(req, res);
  });
  return Object.assign(pair, {
    adapter: adapterUrl,
    fast: fastUrl,
    async close() {
      adapterServer.close();
      fastServer.close();
      await Promise.all([once(adapterServer, "close"), once(fastServer, "close")]);
    },
  });
}

function send(base: string, method: string, path: string, body?: string, headers: Record<string, string> = {}) {
  return new Promise<Answer>((resolve, reject) => {
    const req = request(`${base}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          contentType: res.headers["content-type"],
          vary: res.headers.vary,
          // Internal errors (here only the malformed escape) name a fresh request id each time; the rest must match.
          body: Buffer.concat(chunks)
            .toString("utf8")
            .replace(/request id [0-9a-f-]{36}/, "request id <id>"),
        }),
      );
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** Sends the request to both servers; returns the adapter's answer after checking the fast path gave the same. */
async function sameAnswer(
  pair: Pair,
  method: string,
  path: string,
  body?: string,
  headers: Record<string, string> = {},
) {
  const jsonHeaders = body === undefined ? headers : { "content-type": "application/json", ...headers };
  const expected = await send(pair.adapter, method, path, body, jsonHeaders);
  const actual = await send(pair.fast, method, path, body, jsonHeaders);
  expect(actual).toEqual(expected);
  return expected;
}

describe("the tRPC fast path answers as tRPC's adapter does", () => {
  let api: TestApi;
  let pair: Pair;
  let token: string;
  beforeAll(async () => {
    api = await createTestApi("pglite");
    const caller = await api.caller();
    ({ token } = await caller.auth.signup({ username: "fastpath", password: "correct horse battery" }));
    pair = await servePair(appRouter, (req) =>
      createContext(api.deps, {
        transport: "http",
        ip: "127.0.0.1",
        token: req.headers.authorization?.slice("Bearer ".length),
        setCookie: () => {},
      }),
    );
  });
  afterAll(async () => {
    await pair?.close();
    await api?.close();
  });
  const auth = () => ({ authorization: `Bearer ${token}` });

  it("serves mutations and queries, single and batched, with the adapter's bodies and statuses", async () => {
    const before = pair.served;
    // The same request id twice: the second call answers with the tweet the first wrote, so both bodies match.
    const requestId = randomUUID();
    const created = await sameAnswer(
      pair,
      "POST",
      "/trpc/tweet.create",
      JSON.stringify({ content: "fast #path", requestId }),
      auth(),
    );
    expect(created.status).toBe(200);
    const tweetId = z
      .object({ result: z.object({ data: z.object({ id: z.string() }) }) })
      .parse(JSON.parse(created.body)).result.data.id;

    const me = await sameAnswer(pair, "GET", "/trpc/auth.me", undefined, auth());
    expect(JSON.parse(me.body)).toMatchObject({ result: { data: { username: "fastpath" } } });
    const input = encodeURIComponent(JSON.stringify({ tweetId }));
    expect((await sameAnswer(pair, "GET", `/trpc/tweet.get?input=${input}`, undefined, auth())).status).toBe(200);

    // One good and one failing call in a batch: 207 with an answer each, in order.
    const batchInput = encodeURIComponent(JSON.stringify({ 0: { tweetId }, 1: { tweetId: "not-a-uuid" } }));
    const batch = await sameAnswer(
      pair,
      "GET",
      `/trpc/tweet.get,tweet.get?batch=1&input=${batchInput}`,
      undefined,
      auth(),
    );
    expect(batch.status).toBe(207);
    // Liked once already, so the batch changes nothing on either server and both answer alike.
    await send(pair.adapter, "POST", "/trpc/engagement.like", JSON.stringify({ tweetId }), {
      "content-type": "application/json",
      ...auth(),
    });
    const mutations = JSON.stringify({ 0: { tweetId }, 1: { tweetId } });
    expect(
      (await sameAnswer(pair, "POST", "/trpc/engagement.like,engagement.like?batch=1", mutations, auth())).status,
    ).toBe(200);
    expect(pair.served - before).toBe(5);
  });

  it("fails as the adapter does: auth, validation, malformed and missing bodies, batch inputs", async () => {
    const before = pair.served;
    const failures = [
      await sameAnswer(pair, "POST", "/trpc/tweet.create", JSON.stringify({ content: "no token" })),
      await sameAnswer(pair, "POST", "/trpc/tweet.create", JSON.stringify({ content: "" }), auth()),
      await sameAnswer(pair, "POST", "/trpc/tweet.create", '{"content": "unterminated', auth()),
      await sameAnswer(pair, "POST", "/trpc/tweet.create", "", auth()),
      await sameAnswer(pair, "POST", "/trpc/tweet.create?batch=1", "[1]", auth()),
      await sameAnswer(pair, "GET", "/trpc/tweet.get?input=%7Bbroken", undefined, auth()),
      await sameAnswer(pair, "GET", "/trpc/tweet.get", undefined, auth()),
    ];
    expect(failures.map((answer) => answer.status)).toEqual([401, 400, 400, 400, 400, 400, 400]);
    expect(JSON.parse(failures[1]?.body ?? "")).toMatchObject({
      error: { data: { code: "BAD_REQUEST", zodError: { fieldErrors: { content: [expect.any(String)] } } } },
    });
    expect(pair.served - before).toBe(failures.length);
  });

  it("leaves what it does not serve to the adapter: unknown paths, wrong methods, streams, odd parameters", async () => {
    const before = pair.served;
    await sameAnswer(pair, "POST", "/trpc/no.such.procedure", "{}", auth());
    for (const inherited of ["constructor", "__proto__", "toString", "hasOwnProperty"]) {
      await sameAnswer(pair, "GET", `/trpc/${inherited}`, undefined, auth());
      await sameAnswer(pair, "POST", `/trpc/${inherited},auth.me?batch=1`, "{}", auth());
    }
    await sameAnswer(pair, "GET", "/trpc/tweet.create", undefined, auth());
    await sameAnswer(pair, "POST", "/trpc/auth.me", "{}", auth());
    await sameAnswer(pair, "POST", "/trpc/auth.me,tweet.create?batch=1", "{}", auth());
    await sameAnswer(pair, "HEAD", "/trpc/auth.me", undefined, auth());
    await sameAnswer(pair, "GET", "/trpc/auth.me?batch=1", undefined, {
      ...auth(),
      "trpc-accept": "application/jsonl",
    });
    await sameAnswer(pair, "GET", "/trpc/auth.me?connectionParams=1", undefined, auth());
    await sameAnswer(pair, "POST", "/trpc/tweet.create", "x".repeat(MAX_BODY + 1), auth());
    // Malformed escapes never get here in the server: the guard in front answers them with 400.
    await sameAnswer(pair, "GET", "/trpc/%E0%A4%A", undefined, auth());
    expect(pair.served).toBe(before);
  });
});

describe("the tRPC fast path on failures a procedure or context can cause", () => {
  const t = initTRPC.context<{ failContext: boolean }>().create({ isDev: false });
  const router = t.router({
    boom: t.procedure.mutation(() => {
      throw new Error("a bug");
    }),
    teapot: t.procedure.query(() => {
      throw new TRPCError({ code: "FORBIDDEN", message: "not yours" });
    }),
    stream: t.procedure.query(async function* () {
      yield 1;
    }),
    echo: t.procedure.input(z.object({ n: z.number() })).mutation(({ input }) => input.n),
  });
  let pair: Pair;
  beforeAll(async () => {
    pair = await servePair(router, async (req) => {
      if (req.headers["x-fail-context"]) throw new Error("no context");
      return { failContext: false };
    });
  });
  afterAll(() => pair?.close());

  it("answers internal errors, refusals, stream results and context failures alike", async () => {
    const statuses = [
      (await sameAnswer(pair, "POST", "/trpc/boom", "{}")).status,
      (await sameAnswer(pair, "GET", "/trpc/teapot")).status,
      (await sameAnswer(pair, "GET", "/trpc/stream")).status,
      (await sameAnswer(pair, "POST", "/trpc/echo", JSON.stringify({ n: 2 }), { "x-fail-context": "1" })).status,
      (await sameAnswer(pair, "POST", "/trpc/echo,boom?batch=1", JSON.stringify({ 0: { n: 2 } }))).status,
    ];
    expect(statuses).toEqual([500, 403, 415, 500, 207]);
    expect(pair.served).toBe(statuses.length);
  });
});
