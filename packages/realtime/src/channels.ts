import { z } from "zod";
import { channelFamily } from "./channel";

/** One segment of a channel name: a `:` inside an id would make two channels' names ambiguous. */
function segment(id: string): string {
  if (id === "" || id.includes(":")) throw new TypeError(`not a usable channel id: ${JSON.stringify(id)}`);
  return id;
}

/**
 * Every channel name Pulse uses, in one place, so no two families can collide. The domains that own a channel's
 * messages pair a name with its schema (`channelFamily`); the infrastructure's own channels are below.
 */
export const channelNames = {
  userNotifications: (userId: string) => `pulse:user:${segment(userId)}:notifications`,
  userFeed: (userId: string) => `pulse:user:${segment(userId)}:feed`,
  userMatch: (userId: string) => `pulse:user:${segment(userId)}:match`,
  tweetEngagement: (tweetId: string) => `pulse:tweet:${segment(tweetId)}:engagement`,
  tweetTyping: (tweetId: string) => `pulse:tweet:${segment(tweetId)}:typing`,
  trending: () => "pulse:trending",
  /** New posts carrying a #topic (lower-case, without the hash), for the topic pages open on it. */
  topic: (topic: string) => `pulse:topic:${segment(topic)}`,
  /** Logouts, broadcast to every instance so each closes the session's sockets it holds (rare, low volume). */
  revokedSessions: () => "pulse:sessions:revoked",
};

/** Takes the session's row id, never its bearer token: channel names and messages are visible to PUBSUB users. */
export const sessionRevocationSchema = z.object({ sessionId: z.string().min(1).max(64) });

export const revokedSessionsChannel = channelFamily(sessionRevocationSchema, channelNames.revokedSessions);
