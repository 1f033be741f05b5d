import type { IncomingMessage, ServerResponse } from "node:http";
import { type AnyTRPCRouter, getTRPCErrorFromUnknown, type inferRouterContext, TRPCError } from "@trpc/server";
import { getHTTPStatusCode } from "@trpc/server/http";
import type { TRPCResponse } from "@trpc/server/rpc";
// The same functions tRPC's own resolveResponse calls; @trpc/* is pinned to one exact version, and
// trpc-fast-path.test.ts compares every answer with the adapter's, so a changed internal fails a test, not a user.
import {
  callProcedure,
  getErrorShape,
  isAsyncIterable,
  isObject,
  transformTRPCResponse,
} from "@trpc/server/unstable-core-do-not-import";

type CallType = "query" | "mutation";

export interface TrpcFastPathOptions<Router extends AnyTRPCRouter> {
  router: Router;
  /** The prefix of every procedure path, e.g. "/trpc/". */
  basePath: string;
  /** Bodies longer than this (by Content-Length) are left to the adapter, which refuses them with 413. */
  maxBodySize: number;
  createContext(req: IncomingMessage, res: ServerResponse): Promise<inferRouterContext<Router>>;
  /** Called for every failed call, as the adapter's onError is. */
  onError?(failure: {
    error: TRPCError;
    path: string | undefined;
    type: CallType;
    ctx: inferRouterContext<Router> | undefined;
  }): void;
}

/** The parts of a request the fast path can serve: everything else goes to tRPC's adapter. */
interface PlainCall {
  type: CallType;
  paths: string[];
  isBatch: boolean;
}

/**
 * tRPC's node adapter turns every request into a Fetch API `Request` and every answer into a `Response` (web
 * streams, AbortSignals, undici): on Node 20 that costs ~0.5–0.8 ms of CPU per call, four times what node:http
 * itself needs (measured with a one-line procedure: 0.65–1.05 ms per request through the adapter, 0.16–0.21 ms
 * through this path). This serves the everyday calls — JSON queries over GET and mutations over POST, single or
 * batched — straight from node:http with the very functions the adapter uses (`callProcedure`, `getErrorShape`,
 * `getHTTPStatusCode`), so the wire answer is the same. Anything else (HEAD, streaming, unknown paths, a wrong method,
 * form data, oversized or chunked bodies) returns false and is left to the adapter.
 */
export function createTrpcFastPath<Router extends AnyTRPCRouter>(options: TrpcFastPathOptions<Router>) {
  const { router } = options;
  const config = router._def._config;
  const procedures: Record<string, { _def: { type: string } } | undefined> = router._def.procedures;

  function plainCall(req: IncomingMessage, url: URL): PlainCall | undefined {
    // Streaming (httpBatchStreamLink) and SSE answers are the adapter's.
    if (req.headers["trpc-accept"] !== undefined) return undefined;
    let type: CallType;
    if (req.method === "POST") {
      const length = Number(req.headers["content-length"]);
      // The guard in front already refused POSTs that are not application/json.
      if (!Number.isSafeInteger(length) || length > options.maxBodySize) return undefined;
      type = "mutation";
    } else if (req.method === "GET") {
      const contentType = req.headers["content-type"];
      if (contentType !== undefined && !contentType.startsWith("application/json")) return undefined;
      type = "query";
    } else {
      return undefined;
    }
    let isBatch = false;
    for (const [name, value] of url.searchParams) {
      if (name === "batch" && value === "1") isBatch = true;
      else if (!(name === "input" && type === "query")) return undefined;
    }
    let path: string;
    try {
      path = decodeURIComponent(url.pathname.slice(options.basePath.length));
    } catch {
      return undefined;
    }
    const paths = isBatch ? path.split(",") : [path];
    // Unknown paths, a wrong method and mixed batches get the adapter's own errors. Own keys only: a path such as
    // "constructor" must never reach an inherited member, whatever object tRPC keeps its procedures in.
    if (!paths.every((name) => Object.hasOwn(procedures, name) && procedures[name]?._def.type === type))
      return undefined;
    return { type, paths, isBatch };
  }

  /** The request body as text, or undefined when the client went away before sending all of it. */
  function readBody(req: IncomingMessage): Promise<string | undefined> {
    return new Promise((resolve) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.once("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
      req.once("error", () => resolve(undefined));
      req.once("close", () => {
        if (!req.complete) resolve(undefined);
      });
    });
  }

  /** Each call's raw input, parsed as the adapter parses it (and failing with the adapter's errors). */
  function inputsOf(text: string | undefined, call: PlainCall): () => Promise<Record<number, unknown>> {
    let parsed: Promise<Record<number, unknown>> | undefined;
    const parse = (): Record<number, unknown> => {
      const inputs: unknown = text ? JSON.parse(text) : call.type === "mutation" ? JSON.parse("") : undefined;
      const byIndex: Record<number, unknown> = {};
      if (inputs === undefined) return byIndex;
      if (!call.isBatch) {
        byIndex[0] = config.transformer.input.deserialize(inputs);
        return byIndex;
      }
      if (!isObject(inputs)) {
        throw new TRPCError({ code: "BAD_REQUEST", message: '"input" needs to be an object when doing a batch call' });
      }
      call.paths.forEach((_, index) => {
        const input = inputs[index];
        if (input !== undefined) byIndex[index] = config.transformer.input.deserialize(input);
      });
      return byIndex;
    };
    return () => {
      parsed ??= Promise.resolve().then(() => {
        try {
          return parse();
        } catch (cause) {
          if (cause instanceof TRPCError) throw cause;
          throw new TRPCError({
            code: "BAD_REQUEST",
            message: cause instanceof Error ? cause.message : "Invalid input",
            cause,
          });
        }
      });
      return parsed;
    };
  }

  async function serve(req: IncomingMessage, res: ServerResponse, call: PlainCall, text: string | undefined) {
    // As in the adapter, a context that cannot be made fails each call (with its path), not the request.
    let ctx: inferRouterContext<Router> | undefined;
    let contextError: unknown;
    try {
      ctx = await options.createContext(req, res);
    } catch (cause) {
      contextError = cause ?? new Error("createContext failed");
    }
    const readInputs = inputsOf(text, call);
    let inputs: Record<number, unknown> | undefined;
    const answers = await Promise.all(
      call.paths.map(async (path, batchIndex): Promise<TRPCResponse> => {
        try {
          if (contextError !== undefined) throw contextError;
          const data: unknown = await callProcedure({
            router,
            path,
            ctx,
            type: call.type,
            batchIndex,
            // Queries and mutations here never stream: no per-call AbortSignal (costly on Node 20) is needed.
            signal: undefined,
            getRawInput: async () => {
              inputs = await readInputs();
              return inputs[batchIndex];
            },
          });
          if (isAsyncIterable(data) || data instanceof ReadableStream) {
            const error = new TRPCError({
              code: "UNSUPPORTED_MEDIA_TYPE",
              message: "Cannot use stream-like response in non-streaming request - use httpBatchStreamLink",
            });
            if (call.isBatch) throw error;
            // The adapter refuses a single call's stream outside the call, so its answer names no path.
            options.onError?.({ error, path: undefined, type: call.type, ctx });
            return { error: getErrorShape({ config, ctx, error, input: undefined, path: undefined, type: call.type }) };
          }
          return { result: { data } };
        } catch (cause) {
          const error = getTRPCErrorFromUnknown(cause);
          options.onError?.({ error, path, type: call.type, ctx });
          const input = inputs?.[batchIndex];
          return { error: getErrorShape({ config, ctx, error, input, path, type: call.type }) };
        }
      }),
    );
    const json = call.isBatch ? answers : answers[0];
    if (!json) return;
    const body = JSON.stringify(transformTRPCResponse(config, json));
    if (res.destroyed) return;
    res.statusCode = getHTTPStatusCode(json);
    res.setHeader("vary", "trpc-accept, accept");
    res.setHeader("content-type", "application/json");
    res.setHeader("content-length", Buffer.byteLength(body));
    res.end(body);
  }

  /** Serves the request and returns true, or returns false without touching it (the adapter's turn). */
  return function serveIfPlain(req: IncomingMessage, res: ServerResponse, url: URL): boolean {
    const call = plainCall(req, url);
    if (!call) return false;
    const body = call.type === "mutation" ? readBody(req) : Promise.resolve(url.searchParams.get("input") ?? undefined);
    body
      .then((text) => {
        // A POST whose client left mid-body gets no answer: there is nobody to read it.
        if (call.type === "mutation" && text === undefined) return;
        return serve(req, res, call, text);
      })
      .catch((cause: unknown) => {
        // Not reached in practice (every call's failure is an answer); if it is, answer as the adapter's last resort.
        const error = getTRPCErrorFromUnknown(cause);
        const shape = getErrorShape({
          config,
          error,
          type: "unknown",
          path: undefined,
          input: undefined,
          ctx: undefined,
        });
        if (res.headersSent || res.destroyed) return;
        res.statusCode = getHTTPStatusCode({ error: shape });
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify(transformTRPCResponse(config, { error: shape })));
      });
    return true;
  };
}
