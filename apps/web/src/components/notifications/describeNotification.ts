import type { NotificationGroup, NotificationKind } from "../../api-types";
import { hrefFor } from "../../lib/routes";

const phrases: Record<NotificationKind, string> = {
  LIKE: "liked your post",
  REPLY: "replied to your post",
  RETWEET: "retweeted your post",
  FOLLOW: "followed you",
  MENTION: "mentioned you in a post",
};

export function notificationPhrase(kind: NotificationKind): string {
  return phrases[kind];
}

/** Who did it, after the first name: "" (alone), " and Ben" (two), " and 4 others" (more). */
export function othersPhrase(group: Pick<NotificationGroup, "actors" | "actorCount">): {
  second: string | null;
  others: number;
} {
  if (group.actorCount === 2) return { second: group.actors[1]?.displayName ?? null, others: 0 };
  return { second: null, others: Math.max(0, group.actorCount - 1) };
}

/** The sentence after the first name, as plain text for labels: " and 4 others liked your post". */
export function groupTail(group: NotificationGroup): string {
  const { second, others } = othersPhrase(group);
  const who = second ? ` and ${second}` : others > 0 ? ` and ${others} ${plural(others)}` : "";
  return `${who} ${notificationPhrase(group.kind)}`;
}

export function plural(others: number): string {
  return others === 1 ? "other" : "others";
}

/** Where a group leads: the post it is about, or the newest follower's page. */
export function groupHref(group: NotificationGroup): string {
  const newest = group.actors[0];
  if (group.tweetId) return hrefFor({ name: "post", tweetId: group.tweetId });
  return newest ? hrefFor({ name: "user", username: newest.username }) : hrefFor({ name: "notifications" });
}
