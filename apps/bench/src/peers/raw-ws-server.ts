/**
 * The floor: plain `ws` and ioredis, nothing else. POST /notify does one Redis PUBLISH on `user:<id>`; each
 * instance SUBSCRIBEs to the channel of every user with a socket on it (reference-counted) and `ws.send`s what
 * arrives. A client names its user in the URL (`/ws?user=<id>`; no authentication, no database) and is told
 * `{"type":"ready"}` once Redis has acknowledged the SUBSCRIBE.
 */
import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Redis } from "ioredis";
import { type WebSocket, WebSocketServer } from "ws";
import { announce, exitOnSignal, peerArgs } from "./cli";
import { readJson, reply } from "./http-body";
import { buildNotification, isNotifyRequest, userRoom } from "./protocol";

const { redisUrl } = peerArgs();
const publisher = new Redis(redisUrl);
const subscriber = new Redis(redisUrl);
let seq = 0;

interface Room {
  sockets: Set<WebSocket>;
  subscribed: Promise<unknown>;
}
const rooms = new Map<string, Room>();

subscriber.on("message", (channel: string, text: string) => {
  const room = rooms.get(channel);
  if (!room) return;
  for (const socket of room.sockets) socket.send(text);
});

const httpServer = createServer((req, res) => {
  if (req.method !== "POST" || req.url !== "/notify") return reply(res, 404, { error: "not found" });
  readJson(req)
    .then(async (body) => {
      if (!isNotifyRequest(body)) return reply(res, 400, { error: "bad request" });
      await publisher.publish(userRoom(body.to), JSON.stringify(buildNotification(body, ++seq)));
      reply(res, 200, { ok: true });
    })
    .catch((error: unknown) => reply(res, 500, { error: String(error) }));
});

const wss = new WebSocketServer({ server: httpServer, path: "/ws" });
wss.on("connection", (socket, req) => {
  const user = new URL(req.url ?? "/", "http://localhost").searchParams.get("user");
  if (!user) {
    socket.close(1008, "user required");
    return;
  }
  const channel = userRoom(user);
  let room = rooms.get(channel);
  if (!room) {
    room = { sockets: new Set(), subscribed: subscriber.subscribe(channel) };
    rooms.set(channel, room);
  }
  room.sockets.add(socket);
  const joined = room;
  joined.subscribed.then(
    () => socket.send('{"type":"ready"}'),
    () => socket.close(1011, "subscribe failed"),
  );
  socket.on("error", () => {});
  socket.once("close", () => {
    joined.sockets.delete(socket);
    if (joined.sockets.size === 0 && rooms.get(channel) === joined) {
      rooms.delete(channel);
      // Commands on one connection run in order: a later SUBSCRIBE for a new room wins over this one.
      void subscriber.unsubscribe(channel).catch(() => {});
    }
  });
});

await Promise.all([once(publisher, "ready"), once(subscriber, "ready")]);
httpServer.listen(0, "127.0.0.1");
await once(httpServer, "listening");
announce((httpServer.address() as AddressInfo).port);

exitOnSignal(async () => {
  for (const socket of wss.clients) socket.terminate();
  wss.close();
  publisher.disconnect();
  subscriber.disconnect();
});
