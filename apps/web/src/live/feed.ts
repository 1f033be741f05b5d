import { createStore, type Store } from "@pulse/client/react";
import type { InfiniteData } from "@tanstack/react-query";
import type { FeedEntry, Tweet } from "../api-types";

export type FeedLiveState = {
  /** Arrived through `feed.onNew` but not shown yet: the reader asks for them ("Show N new posts"). */
  buffered: FeedEntry[];
  /** Shown above the fetched pages, newest first: revealed entries and my own fresh posts. */
  revealed: Tweet[];
};

const empty: FeedLiveState = { buffered: [], revealed: [] };

export type FeedLive = Store<FeedLiveState> & {
  /** A new feed entry: my own posts show at once (I just wrote them), others wait in the buffer. */
  receive(entry: FeedEntry, myUserId: string): void;
  /** My post, as `tweet.create` answered. */
  addOwn(tweet: Tweet): void;
  /** My post while it is being sent: shown at once on top, marked as sending (see `isSending`). */
  addSending(tweet: Tweet): void;
  /** The send of `sendingId` succeeded: its placeholder becomes the real tweet (once, if the stream brought it first). */
  confirmSending(sendingId: string, tweet: Tweet): void;
  /** The send failed: its placeholder goes away. */
  dropSending(sendingId: string): void;
  /** A post left the feed (its author deleted it): gone from what is shown and what waits. */
  remove(tweetId: string): void;
  reveal(): void;
  /** After a reset the list is refetched: it holds everything that was live. */
  clear(): void;
};

type RepostedBy = NonNullable<FeedEntry["repostedBy"]>;

/** Who reposted a feed post into my feed, by the tweet object its entry carried (cards get tweets, not entries). */
const reposts = new WeakMap<Tweet, RepostedBy>();

function remember(entry: FeedEntry): Tweet {
  if (entry.repostedBy) reposts.set(entry.tweet, entry.repostedBy);
  return entry.tweet;
}

export function repostedByOf(tweet: Tweet): RepostedBy | undefined {
  return reposts.get(tweet);
}

/** "Ana", "Ana and Ben", "Ana, Ben and 3 others". */
export function describeReposters({ users, total }: RepostedBy): string {
  const names = users.map((user) => user.displayName);
  const others = total - names.length;
  if (others > 0) return `${names.join(", ")} and ${others} ${others === 1 ? "other" : "others"}`;
  return names.length > 1 ? `${names.slice(0, -1).join(", ")} and ${names.at(-1)}` : (names[0] ?? "");
}

/** Optimistic placeholders (by identity): cards show them as "Sending…", without actions. */
const sending = new WeakSet<Tweet>();

export function isSending(tweet: Tweet): boolean {
  return sending.has(tweet);
}

export function createFeedLive(): FeedLive {
  const store = createStore<FeedLiveState>(empty);
  const known = (state: FeedLiveState, tweetId: string) =>
    state.revealed.some((tweet) => tweet.id === tweetId) || state.buffered.some((entry) => entry.tweet.id === tweetId);
  return {
    ...store,
    receive(entry, myUserId) {
      remember(entry);
      store.set((state) => {
        if (known(state, entry.tweet.id)) return state;
        if (entry.tweet.author.id === myUserId) {
          // My post came through the stream before `tweet.create` answered: it takes its placeholder's place.
          const placeholder = state.revealed.find((shown) => isSending(shown) && shown.content === entry.tweet.content);
          if (placeholder) {
            return { ...state, revealed: state.revealed.map((shown) => (shown === placeholder ? entry.tweet : shown)) };
          }
          return { ...state, revealed: [entry.tweet, ...state.revealed] };
        }
        return { ...state, buffered: [...state.buffered, entry] };
      });
    },
    addOwn(tweet) {
      store.set((state) => (known(state, tweet.id) ? state : { ...state, revealed: [tweet, ...state.revealed] }));
    },
    addSending(tweet) {
      sending.add(tweet);
      store.set((state) => ({ ...state, revealed: [tweet, ...state.revealed] }));
    },
    confirmSending(sendingId, tweet) {
      store.set((state) => {
        const others = state.revealed.filter((shown) => shown.id !== sendingId);
        const alreadyShown = known({ ...state, revealed: others }, tweet.id);
        if (alreadyShown) return { ...state, revealed: others };
        // In the placeholder's place, so nothing jumps.
        return { ...state, revealed: state.revealed.map((shown) => (shown.id === sendingId ? tweet : shown)) };
      });
    },
    remove(tweetId) {
      store.set((state) =>
        known(state, tweetId)
          ? {
              buffered: state.buffered.filter((entry) => entry.tweet.id !== tweetId),
              revealed: state.revealed.filter((shown) => shown.id !== tweetId),
            }
          : state,
      );
    },
    dropSending(sendingId) {
      store.set((state) => ({ ...state, revealed: state.revealed.filter((shown) => shown.id !== sendingId) }));
    },
    reveal() {
      store.set((state) =>
        state.buffered.length === 0
          ? state
          : {
              buffered: [],
              revealed: [
                ...[...state.buffered].sort((a, b) => b.seq - a.seq).map((entry) => entry.tweet),
                ...state.revealed,
              ],
            },
      );
    },
    clear() {
      store.set(empty);
    },
  };
}

/** The feed as shown: revealed tweets above the fetched pages, each tweet once. */
export function mergeFeed(revealed: readonly Tweet[], fetched: readonly FeedEntry[]): Tweet[] {
  const seen = new Set<string>();
  const tweets: Tweet[] = [];
  for (const tweet of [...revealed, ...fetched.map(remember)]) {
    if (seen.has(tweet.id)) continue;
    seen.add(tweet.id);
    tweets.push(tweet);
  }
  return tweets;
}

/** Buffered entries not already on screen (a refetch may have brought some of them). */
export function pendingEntries(buffered: readonly FeedEntry[], shown: readonly Tweet[]): FeedEntry[] {
  const ids = new Set(shown.map((tweet) => tweet.id));
  return buffered.filter((entry) => !ids.has(entry.tweet.id));
}

/** Fetched feed pages without one post (for the query cache, when the post was deleted). */
export function withoutTweet<Page extends { items: FeedEntry[] }, Param>(
  data: InfiniteData<Page, Param>,
  tweetId: string,
): InfiniteData<Page, Param> {
  const pages = data.pages.map((page) => ({
    ...page,
    items: page.items.filter((entry) => entry.tweet.id !== tweetId),
  }));
  return { ...data, pages };
}
