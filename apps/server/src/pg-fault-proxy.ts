import { createServer, type Server, Socket } from "node:net";

/** How the proxy treats traffic: forward it, drop every connection and refuse new ones, or freeze it. */
export type ProxyMode = "pass" | "down" | "stall";

export interface PgFaultProxy {
  /** The database URL to hand to a server or worker, routed through the proxy. */
  url: string;
  /** `down` resets every open connection and resets new ones at once; `stall` stops forwarding bytes both ways. */
  setMode(mode: ProxyMode): void;
  close(): Promise<void>;
}

interface Link {
  client: Socket;
  upstream: Socket;
  flowing: boolean;
}

/** Bytes move only while piped: unpiping and pausing both directions freezes a connection without closing it. */
function setFlowing(link: Link, flowing: boolean): void {
  if (link.flowing === flowing) return;
  link.flowing = flowing;
  if (flowing) {
    link.client.pipe(link.upstream);
    link.upstream.pipe(link.client);
    return;
  }
  link.client.unpipe(link.upstream);
  link.upstream.unpipe(link.client);
  link.client.pause();
  link.upstream.pause();
}

/**
 * A TCP proxy in front of PostgreSQL (tests only): a test takes the database away from a server process and gives
 * it back — reset and refused connections, or a stalled network — without touching PostgreSQL itself.
 */
export async function startPgFaultProxy(targetUrl: string): Promise<PgFaultProxy> {
  const target = new URL(targetUrl);
  const links = new Set<Link>();
  let mode: ProxyMode = "pass";
  const drop = (link: Link) => {
    links.delete(link);
    link.client.resetAndDestroy();
    link.upstream.resetAndDestroy();
  };
  const server: Server = createServer((client) => {
    client.on("error", () => {});
    if (mode === "down") return void client.resetAndDestroy();
    const upstream = new Socket();
    upstream.on("error", () => {});
    const link: Link = { client, upstream, flowing: false };
    links.add(link);
    client.once("close", () => drop(link));
    upstream.once("close", () => drop(link));
    upstream.connect(Number(target.port || 5432), target.hostname);
    setFlowing(link, mode === "pass");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("proxy has no port");
  const url = new URL(targetUrl);
  url.hostname = "127.0.0.1";
  url.port = String(address.port);
  return {
    url: url.toString(),
    setMode(next) {
      mode = next;
      for (const link of [...links]) {
        if (next === "down") drop(link);
        else setFlowing(link, next === "pass");
      }
    },
    async close() {
      for (const link of [...links]) drop(link);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
