/** One segment of a channel name: a `:` inside an id would make two channels' names ambiguous. */
function segment(id: string): string {
  if (id === "" || id.includes(":")) throw new TypeError(`not a usable channel id: ${JSON.stringify(id)}`);
  return id;
}

/** Every channel name Pulse uses, in one place, so publishers and subscribers cannot drift apart. */
export const channels = {
  userNotifications: (userId: string) => `pulse:user:${segment(userId)}:notifications` as const,
  userFeed: (userId: string) => `pulse:user:${segment(userId)}:feed` as const,
  userMatch: (userId: string) => `pulse:user:${segment(userId)}:match` as const,
  tweetEngagement: (tweetId: string) => `pulse:tweet:${segment(tweetId)}:engagement` as const,
  tweetTyping: (tweetId: string) => `pulse:tweet:${segment(tweetId)}:typing` as const,
  trending: () => "pulse:trending" as const,
  /** New posts carrying a #topic (lower-case, without the hash), for the topic pages open on it. */
  topic: (topic: string) => `pulse:topic:${segment(topic)}` as const,
  /** Takes the session's row id, never its bearer token: channel names are visible to anyone who can run PUBSUB. */
  session: (sessionId: string) => `pulse:session:${segment(sessionId)}` as const,
  /** Logouts, broadcast to every instance so each closes the session's sockets it holds (rare, low volume). */
  revokedSessions: () => "pulse:sessions:revoked" as const,
};

export type ChannelName = ReturnType<(typeof channels)[keyof typeof channels]>;
