import type { Notification, NotificationKind } from "../../api-types";
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

/** Where a notification leads: the post it is about, or the person (a follow). */
export function notificationHref(notification: Notification): string {
  return notification.tweetId
    ? hrefFor({ name: "post", tweetId: notification.tweetId })
    : hrefFor({ name: "user", username: notification.actor.username });
}
