import type { IncomingMessage } from "node:http";
import type { Config } from "@pulse/config";
import proxyAddr from "proxy-addr";

/** TRUST_PROXY: false, a hop count, or the addresses / CIDRs / names of our own proxies. */
export type TrustProxy = Config["TRUST_PROXY"];

type Trust = (address: string, hop: number) => boolean;

const trustNobody: Trust = () => false;
// Config values live as long as the process: each list is compiled once, not per request.
const compiled = new WeakMap<readonly string[], Trust>();

/** proxy-addr's trust function for a TRUST_PROXY value. */
export function trustFunction(trust: TrustProxy): Trust {
  if (trust === false) return trustNobody;
  if (typeof trust === "number") return (_address, hop) => hop < trust;
  let compiledTrust = compiled.get(trust);
  if (!compiledTrust) {
    compiledTrust = proxyAddr.compile(trust);
    compiled.set(trust, compiledTrust);
  }
  return compiledTrust;
}

/**
 * The client's address: walks X-Forwarded-For from the right only through trusted hops (as Express does), so a
 * client cannot choose its address by forging the leftmost entry.
 */
export function clientIp(req: IncomingMessage, trust: TrustProxy): string {
  if (!req.socket.remoteAddress) return "unknown";
  return proxyAddr(req, trustFunction(trust));
}

/** The scheme the client used: X-Forwarded-Proto (its first entry) is believed only from a trusted peer. */
export function requestProtocol(req: IncomingMessage, trust: TrustProxy): "http" | "https" {
  const direct = "encrypted" in req.socket && req.socket.encrypted ? "https" : "http";
  const peer = req.socket.remoteAddress;
  if (!peer || !trustFunction(trust)(peer, 0)) return direct;
  const forwarded = req.headers["x-forwarded-proto"]?.toString().split(",")[0]?.trim().toLowerCase();
  return forwarded === "https" || forwarded === "http" ? forwarded : direct;
}
