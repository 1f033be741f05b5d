import type { AppRouter } from "@pulse/api";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";

/** Every wire type is inferred from the router: nothing here restates a shape the server defines. */
export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type RouterInputs = inferRouterInputs<AppRouter>;

/** What one message of a subscription carries. */
export type SubscriptionData<T> = T extends AsyncIterable<infer Item> ? Item : never;

export type User = RouterOutputs["auth"]["me"];
export type Tweet = RouterOutputs["tweet"]["get"];
export type Thread = RouterOutputs["tweet"]["thread"];
export type FeedEntry = RouterOutputs["feed"]["list"]["items"][number];
export type FeedStreamItem = SubscriptionData<RouterOutputs["feed"]["onNew"]>["data"];
export type Notification = RouterOutputs["notification"]["list"]["items"][number];
export type NotificationKind = Notification["kind"];
export type NotificationGroup = RouterOutputs["notification"]["groups"]["items"][number];
export type NotificationPreferences = RouterOutputs["notification"]["preferences"];
export type NotificationStreamItem = SubscriptionData<RouterOutputs["notification"]["onNew"]>["data"];
/** A post's counts as the cache holds them (on every cached copy of the post). */
export type EngagementCounts = Tweet["counts"];
/** What `engagement.onUpdate` sends: the counts, and `deleted` once the author deleted the post. */
export type EngagementUpdate = SubscriptionData<RouterOutputs["engagement"]["onUpdate"]>;
export type EngagementResult = RouterOutputs["engagement"]["like"];
export type TrendingSnapshot = RouterOutputs["trending"]["list"];
export type TrendingTopic = TrendingSnapshot["topics"][number];
export type TopicPage = RouterOutputs["discovery"]["topicFeed"];
export type TopicStreamMessage = SubscriptionData<RouterOutputs["discovery"]["onTopic"]>;
export type Suggestion = RouterOutputs["discovery"]["whoToFollow"][number];
export type TypingState = SubscriptionData<RouterOutputs["typing"]["onChange"]>;
export type TypingUser = TypingState["users"][number];
export type ConnectionStats = RouterOutputs["stats"]["connections"];
export type UserProfile = RouterOutputs["user"]["get"];
export type Profile = RouterOutputs["profile"]["get"];
export type ProfileInput = RouterInputs["profile"]["upsert"];
export type MatchTaskUpdate = SubscriptionData<RouterOutputs["match"]["onTask"]>;
export type MatchResultStreamItem = SubscriptionData<RouterOutputs["match"]["onResult"]>["data"];
export type MatchResultEvent = Extract<MatchResultStreamItem, { type: "event" }>["event"];
export type MatchOutcome = NonNullable<MatchResultEvent["result"]>;
export type MatchedPerson = MatchOutcome["matches"][number];
