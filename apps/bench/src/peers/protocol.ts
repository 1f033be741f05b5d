import { randomUUID } from "node:crypto";

/**
 * What the bench's driver POSTs to a peer's /notify: "tell user `to` that `actor` mentioned them", with the sample
 * key standing in for the tweet id. Shared by both peers and the load generator.
 */
export interface NotifyRequest {
  to: string;
  key: string;
  actor: { id: string; username: string; displayName: string };
}

/** The message a peer delivers: the same fields and about the same size as Pulse's notification event. */
export interface PeerNotification {
  type: "new";
  notification: {
    id: string;
    seq: number;
    kind: "MENTION";
    actor: NotifyRequest["actor"];
    tweetId: string;
    createdAt: string;
    read: false;
  };
}

export function userRoom(userId: string): string {
  return `user:${userId}`;
}

export function buildNotification(request: NotifyRequest, seq: number): PeerNotification {
  return {
    type: "new",
    notification: {
      id: randomUUID(),
      seq,
      kind: "MENTION",
      actor: request.actor,
      tweetId: request.key,
      createdAt: new Date().toISOString(),
      read: false,
    },
  };
}

export function isNotifyRequest(value: unknown): value is NotifyRequest {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Partial<NotifyRequest>;
  return (
    typeof candidate.to === "string" &&
    typeof candidate.key === "string" &&
    typeof candidate.actor === "object" &&
    candidate.actor !== null &&
    typeof candidate.actor.id === "string"
  );
}

/** The sample key of a delivered message, or undefined for anything else. */
export function keyOf(message: unknown): string | undefined {
  const candidate = message as Partial<PeerNotification> | null;
  return candidate?.type === "new" ? candidate.notification?.tweetId : undefined;
}
