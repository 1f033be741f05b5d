/**
 * The seeds' stack, minimal: Socket.IO 4 with @socket.io/redis-adapter. POST /notify emits to the room
 * `user:<id>` through the adapter (local sockets directly, other instances through one Redis PUBLISH);
 * a client joins its user's room on connect (handshake `auth.user`; no authentication, no database).
 */
import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createAdapter } from "@socket.io/redis-adapter";
import { Redis } from "ioredis";
import { Server } from "socket.io";
import { announce, exitOnSignal, peerArgs } from "./cli";
import { readJson, reply } from "./http-body";
import { buildNotification, isNotifyRequest, userRoom } from "./protocol";

const { redisUrl } = peerArgs();
const pubClient = new Redis(redisUrl);
const subClient = pubClient.duplicate();
let seq = 0;

const httpServer = createServer((req, res) => {
  if (req.method !== "POST" || req.url !== "/notify") return reply(res, 404, { error: "not found" });
  readJson(req).then(
    (body) => {
      if (!isNotifyRequest(body)) return reply(res, 400, { error: "bad request" });
      io.to(userRoom(body.to)).emit("notification", buildNotification(body, ++seq));
      reply(res, 200, { ok: true });
    },
    (error: unknown) => reply(res, 400, { error: String(error) }),
  );
});

const io = new Server(httpServer, { transports: ["websocket"], serveClient: false });
io.adapter(createAdapter(pubClient, subClient));
io.on("connection", (socket) => {
  const user: unknown = socket.handshake.auth.user;
  if (typeof user !== "string") {
    socket.disconnect(true);
    return;
  }
  void socket.join(userRoom(user));
});

await Promise.all([once(pubClient, "ready"), once(subClient, "ready")]);
httpServer.listen(0, "127.0.0.1");
await once(httpServer, "listening");
announce((httpServer.address() as AddressInfo).port);

exitOnSignal(async () => {
  await io.close();
  pubClient.disconnect();
  subClient.disconnect();
});
