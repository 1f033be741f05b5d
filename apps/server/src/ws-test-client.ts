import { vi } from "vitest";
import WebSocket from "ws";
import { readTrpcBody } from "./testing";

/** A tRPC wire message as the server sends it (plain JSON, no transformer). */
export interface WireMessage {
  id?: number | string | null;
  method?: string;
  result?: { type: "started" | "stopped" | "data"; data?: unknown; id?: string };
  error?: { message: string; code: number; data?: { code: string; httpStatus?: number } };
}

export interface RawClientOptions {
  /** Sent as the tRPC connectionParams message (the URL then carries `?connectionParams=1`). */
  token?: string;
  /** Ask for connectionParams in the URL but never send them. */
  withholdConnectionParams?: boolean;
  headers?: Record<string, string>;
  /** false: the client never answers the server's protocol pings (a dead peer, as far as the server can tell). */
  autoPong?: boolean;
}

/**
 * A WebSocket that speaks tRPC's JSON wire format by hand, so tests can send exactly the frames they mean (garbage
 * included) and see exactly how the socket ends.
 */
export class RawClient {
  readonly socket: WebSocket;
  readonly messages: WireMessage[] = [];
  readonly pings: number[] = [];
  readonly opened: Promise<void>;
  readonly closed: Promise<{ code: number; reason: string }>;
  #nextId = 0;

  constructor(baseUrl: string, options: RawClientOptions = {}) {
    const wantsParams = options.token !== undefined || options.withholdConnectionParams === true;
    const url = `${baseUrl.replace(/^http/, "ws")}/trpc${wantsParams ? "?connectionParams=1" : ""}`;
    this.socket = new WebSocket(url, { headers: options.headers, autoPong: options.autoPong ?? true });
    this.socket.on("message", (data, isBinary) => {
      const text = data.toString();
      if (isBinary || text === "PING" || text === "PONG") return;
      this.messages.push(JSON.parse(text) as WireMessage);
    });
    this.socket.on("ping", () => this.pings.push(Date.now()));
    // Errors (e.g. ECONNRESET after the server dropped us) end in "close" too.
    this.socket.on("error", () => {});
    this.closed = new Promise((resolve) =>
      this.socket.on("close", (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    this.opened = new Promise((resolve, reject) => {
      this.socket.once("open", () => {
        if (options.token !== undefined) this.send({ method: "connectionParams", data: { token: options.token } });
        resolve();
      });
      this.socket.once("unexpected-response", (_request, response) =>
        reject(new Error(`upgrade refused: ${response.statusCode}`)),
      );
    });
  }

  get isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  send(message: unknown): void {
    this.socket.send(typeof message === "string" ? message : JSON.stringify(message));
  }

  /** Sends one call and returns its id (no waiting). */
  request(method: "query" | "mutation" | "subscription", path: string, input?: unknown): number {
    const id = ++this.#nextId;
    this.send({ id, method, params: { path, ...(input === undefined ? {} : { input }) } });
    return id;
  }

  /** The first message with this id that is not a subscription's `started`. */
  async response(id: number | string | null, timeout = 10_000): Promise<WireMessage> {
    return vi.waitFor(
      () => {
        const message = this.messages.find((m) => m.id === id && m.result?.type !== "started");
        if (!message) throw new Error(`no response to ${id} yet`);
        return message;
      },
      { timeout, interval: 10 },
    );
  }

  async call(method: "query" | "mutation", path: string, input?: unknown): Promise<WireMessage> {
    return this.response(this.request(method, path, input));
  }

  /** Subscribes and waits until the server started the subscription. */
  async subscribe(path: string, input?: unknown): Promise<number> {
    const id = this.request("subscription", path, input);
    await vi.waitFor(
      () => {
        const message = this.messages.find((m) => m.id === id);
        if (message?.error) throw new Error(`subscription ${path} failed: ${message.error.message}`);
        if (message?.result?.type !== "started") throw new Error(`subscription ${id} not started yet`);
      },
      { timeout: 10_000, interval: 10 },
    );
    return id;
  }

  dataOf(id: number): unknown[] {
    return this.messages.filter((m) => m.id === id && m.result?.type === "data").map((m) => m.result?.data);
  }

  close(): void {
    this.socket.terminate();
  }
}

/** Opens a RawClient and waits for the upgrade. */
export async function connectRaw(baseUrl: string, options: RawClientOptions = {}): Promise<RawClient> {
  const client = new RawClient(baseUrl, options);
  await client.opened;
  return client;
}

/** A new member, signed up over HTTP. */
export async function signUp(baseUrl: string, username: string): Promise<{ token: string; user: { id: string } }> {
  const response = await fetch(`${baseUrl}/trpc/auth.signup`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password: "correct horse battery" }),
  });
  const body = await readTrpcBody<{ token: string; user: { id: string } }>(response);
  if (!body.result) throw new Error(`signup of ${username} failed: ${body.error?.message}`);
  return body.result.data;
}
