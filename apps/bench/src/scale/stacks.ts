import type { NotifyRequest } from "../peers/protocol";
import type { Account } from "../pulse/accounts";
import { openWireClient, tweetIdOf } from "../pulse/wire-client";
import { connectRawWs } from "../stacks/raw-ws";
import { connectSocketIo } from "../stacks/socketio";
import type { OpenClient, StackName } from "../stacks/stack";
import type { Poster } from "../throughput/http-poster";
import type { ChildHandle, ServerProcess } from "../util/child";

/** One stack as the scale scenarios (connect, throughput, fan-out) drive it: two instances on the stack's Redis. */
export interface ScaleStack {
  readonly name: StackName;
  readonly servers: readonly [ServerProcess, ServerProcess];
  /** Pulse's worker process (feed fan-out, outbox); none for the peers. */
  readonly workers: readonly ChildHandle[];
  readonly redisUrl: string;
  /**
   * A socket of recipient `user` holding that user's notifications (Pulse: `notification.onNew`; Socket.IO: room
   * `user:<id>`; raw ws: channel `user:<id>`), acknowledged; `onKey` gets each decoded event's key.
   */
  openRecipient(server: ServerProcess, user: number, onKey?: (key: string) => void): Promise<OpenClient>;
  /** One mutation through `server` that notifies `user` once; resolves with the event's key after the response. */
  notify(poster: Poster, server: ServerProcess, user: number, n: number): Promise<string>;
}

/** Instance A (even) or B (odd). */
export function instance(stack: ScaleStack, index: number): ServerProcess {
  return stack.servers[index % 2 === 0 ? 0 : 1];
}

interface TrpcBody {
  result?: { data?: { id?: unknown } };
  error?: { message?: string; data?: { code?: string } };
}

/** The HTTP status and tRPC error of a failed call, short enough to group identical errors. */
function failure(status: number, text: string): Error {
  try {
    const body = JSON.parse(text) as TrpcBody;
    if (body.error) return new Error(`HTTP ${status} ${body.error.data?.code ?? ""}: ${body.error.message ?? ""}`);
  } catch {
    // Not JSON: report the text.
  }
  return new Error(`HTTP ${status}: ${text.slice(0, 200)}`);
}

export function pulseScaleStack(options: {
  servers: readonly [ServerProcess, ServerProcess];
  workers: readonly ChildHandle[];
  redisUrl: string;
  recipients: readonly Account[];
  drivers: readonly Account[];
}): ScaleStack {
  const { recipients, drivers } = options;
  const recipient = (user: number) => {
    const account = recipients[user];
    if (!account) throw new Error(`no recipient account ${user}`);
    return account;
  };
  return {
    name: "pulse",
    servers: options.servers,
    workers: options.workers,
    redisUrl: options.redisUrl,
    async openRecipient(server, user, onKey) {
      const client = await openWireClient(
        server,
        recipient(user).token,
        [{ path: "notification.onNew", input: { lastEventId: null } }],
        onKey
          ? (_index, data) => {
              const key = tweetIdOf(data);
              if (key) onKey(key);
            }
          : undefined,
      );
      return { connectMs: client.readyMs, close: client.close };
    },
    async notify(poster, server, user, n) {
      const driver = drivers[n % drivers.length];
      if (!driver) throw new Error("no driver accounts");
      // One mention → one MENTION notification; no '#', so no trending topic.
      const body = JSON.stringify({ content: `@${recipient(user).username} throughput n${n}` });
      const { status, text } = await poster.post(`${server.url}/trpc/tweet.create`, body, {
        authorization: `Bearer ${driver.token}`,
      });
      if (status !== 200) throw failure(status, text);
      const id = (JSON.parse(text) as TrpcBody).result?.data?.id;
      if (typeof id !== "string") throw new Error(`tweet.create answered without an id: ${text.slice(0, 200)}`);
      return id;
    },
  };
}

/** The user id of a peer's recipient number `user`. */
export function peerUser(user: number): string {
  return `tp-${user}`;
}

export function peerScaleStack(options: {
  name: "socketio" | "raw";
  servers: readonly [ServerProcess, ServerProcess];
  redisUrl: string;
}): ScaleStack {
  const connect = options.name === "raw" ? connectRawWs : connectSocketIo;
  return {
    name: options.name,
    servers: options.servers,
    workers: [],
    redisUrl: options.redisUrl,
    openRecipient: (server, user, onKey) => connect(server, peerUser(user), onKey),
    async notify(poster, server, user, n) {
      const driver = n % 100;
      const request: NotifyRequest = {
        to: peerUser(user),
        key: `n${n}`,
        actor: { id: `driver-${driver}`, username: `driver_${driver}`, displayName: `driver_${driver}` },
      };
      const { status, text } = await poster.post(`${server.url}/notify`, JSON.stringify(request));
      if (status !== 200) throw failure(status, text);
      return request.key;
    },
  };
}
