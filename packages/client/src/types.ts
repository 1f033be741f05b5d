import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "./app-router";

/** The input of every query and mutation: `RouterInputs["tweet"]["create"]`. */
export type RouterInputs = inferRouterInputs<AppRouter>;
/** What every query and mutation returns, as it arrives (plain JSON: dates are ISO strings). */
export type RouterOutputs = inferRouterOutputs<AppRouter>;

type ProcedureRecord = AppRouter["_def"]["record"];
type Subscription<Event> = { _def: { type: "subscription"; $types: { output: AsyncIterable<Event, void, unknown> } } };

/** "notification.onNew" | "feed.onNew" | …: every subscription of the router, found from its type. */
type SubscriptionPaths<Record, Prefix extends string = ""> = {
  [Key in keyof Record & string]: Record[Key] extends { _def: { type: "subscription" } }
    ? `${Prefix}${Key}`
    : Record[Key] extends { _def: unknown }
      ? never
      : SubscriptionPaths<Record[Key], `${Prefix}${Key}.`>;
}[keyof Record & string];

type At<Record, Path extends string> = Path extends `${infer Head}.${infer Rest}`
  ? Head extends keyof Record
    ? At<Record[Head], Rest>
    : never
  : Path extends keyof Record
    ? Record[Path]
    : never;

/** What each subscription's `onData` receives, by path: `StreamEvents["notification.onNew"]`. */
export type StreamEvents = {
  [Path in SubscriptionPaths<ProcedureRecord>]: At<ProcedureRecord, Path> extends Subscription<infer Event>
    ? Event
    : never;
};
export type StreamPath = keyof StreamEvents;

/** What a resumable stream sends when a subscriber missed more than the server replays: refetch with the list. */
export type ResetEvent = Extract<StreamEvents["notification.onNew"]["data"], { type: "reset" }>;
type EventOf<Item> = Item extends { data: infer Data }
  ? Extract<Data, { type: "event" }> extends { event: infer Event }
    ? Event
    : never
  : never;

/** One of the signed-in user's notifications (LIKE, REPLY, RETWEET, FOLLOW, MENTION), tracked by its `seq`. */
export type NotificationEvent = EventOf<StreamEvents["notification.onNew"]>;
/** A tweet arriving in the signed-in user's home feed. */
export type FeedEvent = EventOf<StreamEvents["feed.onNew"]>;
/** A finished match task of the signed-in user (every tab sees it). */
export type MatchResultEvent = EventOf<StreamEvents["match.onResult"]>;
/** One step of a match task: status, progress, then a result or an error. */
export type MatchTaskEvent = StreamEvents["match.onTask"];
/** A tweet's engagement counters, now and after every change. */
export type EngagementCounts = StreamEvents["engagement.onUpdate"];
/** The trending topics, now and after each recomputation. */
export type TrendingUpdate = StreamEvents["trending.onUpdate"];
/** Who is typing a reply to a tweet. */
export type TypingUpdate = StreamEvents["typing.onChange"];
/** The signed-in user's unread notification count, now and whenever it changes. */
export type UnreadCountUpdate = StreamEvents["notification.onUnreadCount"];
