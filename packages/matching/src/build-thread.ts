/**
 * Entry of the index-building worker thread (see off-thread.ts): collects profile pages, builds the index when told,
 * and hands it back by transferring its buffers. One build per thread; the main thread terminates it afterwards.
 */
import { parentPort } from "node:worker_threads";
import { buildMatchIndex, transferables } from "./match-index";
import type { FromBuildThread, ToBuildThread } from "./thread-protocol";
import type { Profile } from "./types";

const port = parentPort;
if (port === null) throw new Error("build-thread.ts runs as a worker thread (see buildMatchIndexOffThread)");

const profiles: Profile[] = [];
port.on("message", (message: ToBuildThread) => {
  if (message.type === "profiles") {
    const page = typeof message.profiles === "string" ? (JSON.parse(message.profiles) as Profile[]) : message.profiles;
    for (const profile of page) profiles.push(profile);
    return;
  }
  let reply: FromBuildThread;
  try {
    const index = buildMatchIndex(profiles);
    reply = { type: "index", index };
    port.postMessage(reply, transferables(index));
  } catch (error) {
    // Errors survive structured cloning (name and message), so a RangeError arrives as a RangeError.
    reply = { type: "error", error };
    port.postMessage(reply);
  }
  profiles.length = 0;
});
