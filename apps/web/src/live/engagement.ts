import type { EngagementCounts, EngagementResult } from "../api-types";

export type EngagementKind = "like" | "retweet" | "bookmark";
type Counts = Omit<EngagementCounts, "tweetId">;

const countOf = { like: "likes", retweet: "retweets", bookmark: "bookmarks" } as const satisfies Record<
  EngagementKind,
  keyof Counts
>;

type Pending = { id: number; kind: EngagementKind; on: boolean; delta: number };

type Entry = {
  /** The latest committed totals: from the tweet as listed, `engagement.onUpdate`, or a mutation's answer. */
  server: Counts;
  /** What I did, once known (the API tells it only in a mutation's answer). */
  mine: Partial<Record<EngagementKind, boolean>>;
  pending: Pending[];
};

export type EngagementView = {
  counts: Counts;
  mine: Partial<Record<EngagementKind, boolean>>;
  pending: Partial<Record<EngagementKind, boolean>>;
};

/**
 * Engagement counts and my own likes/retweets/bookmarks for every tweet on screen, shared by every card showing it.
 * What is shown is the committed totals plus the optimistic changes still in flight; an answer replaces the totals,
 * a failure drops its change (the rollback).
 */
export class EngagementStore {
  private entries = new Map<string, Entry>();
  private views = new Map<string, EngagementView>();
  private listeners = new Map<string, Set<() => void>>();
  private nextId = 1;

  subscribe(tweetId: string, listener: () => void): () => void {
    let set = this.listeners.get(tweetId);
    if (!set) {
      set = new Set();
      this.listeners.set(tweetId, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(tweetId);
    };
  }

  /** The view of a tweet; `fallback` (the counts the tweet was listed with) until anything fresher is known. */
  view(tweetId: string, fallback: EngagementCounts): EngagementView {
    if (!this.entries.has(tweetId)) this.entries.set(tweetId, { server: stripId(fallback), mine: {}, pending: [] });
    return this.cachedView(tweetId);
  }

  /** The view of a tweet some card already shows, if any. */
  peek(tweetId: string): EngagementView | undefined {
    return this.entries.has(tweetId) ? this.cachedView(tweetId) : undefined;
  }

  private cachedView(tweetId: string): EngagementView {
    let view = this.views.get(tweetId);
    if (!view) {
      view = this.compute(tweetId);
      this.views.set(tweetId, view);
    }
    return view;
  }

  /** Committed totals (engagement.onUpdate, or the counts of a freshly fetched tweet). */
  applyCounts(counts: EngagementCounts): void {
    this.update(counts.tweetId, (entry) => ({ ...entry, server: stripId(counts) }));
  }

  /** What the server says I did earlier; fills only what this session has not learned more recently. */
  applyMine(tweetId: string, mine: Record<EngagementKind, boolean>): void {
    this.update(tweetId, (entry) => ({ ...entry, mine: { ...mine, ...entry.mine } }));
  }

  /** Starts an optimistic change; answers its id, or null when the same kind is already in flight. */
  begin(tweetId: string, kind: EngagementKind, on: boolean, fallback: EngagementCounts): number | null {
    const before = this.view(tweetId, fallback);
    if (before.pending[kind]) return null;
    const id = this.nextId++;
    const active = before.mine[kind] ?? false;
    // Unknown state reads as "not active": liking adds one now; the answer corrects it if it was already liked.
    const delta = active === on ? 0 : on ? 1 : -1;
    this.update(tweetId, (entry) => ({ ...entry, pending: [...entry.pending, { id, kind, on, delta }] }));
    return id;
  }

  settle(tweetId: string, id: number, result: EngagementResult): void {
    this.update(tweetId, (entry) => {
      const pending = entry.pending.find((item) => item.id === id);
      return {
        server: stripId(result.counts),
        mine: pending ? { ...entry.mine, [pending.kind]: result.active } : entry.mine,
        pending: entry.pending.filter((item) => item.id !== id),
      };
    });
  }

  fail(tweetId: string, id: number): void {
    this.update(tweetId, (entry) => ({ ...entry, pending: entry.pending.filter((item) => item.id !== id) }));
  }

  private compute(tweetId: string): EngagementView {
    const entry = this.entries.get(tweetId);
    if (!entry) throw new Error(`no engagement entry for ${tweetId}`);
    const counts = { ...entry.server };
    const mine = { ...entry.mine };
    const pending: EngagementView["pending"] = {};
    for (const item of entry.pending) {
      counts[countOf[item.kind]] = Math.max(0, counts[countOf[item.kind]] + item.delta);
      mine[item.kind] = item.on;
      pending[item.kind] = true;
    }
    return { counts, mine, pending };
  }

  private update(tweetId: string, change: (entry: Entry) => Entry): void {
    const entry = this.entries.get(tweetId) ?? {
      server: { likes: 0, replies: 0, retweets: 0, bookmarks: 0 },
      mine: {},
      pending: [],
    };
    this.entries.set(tweetId, change(entry));
    this.views.delete(tweetId);
    for (const listener of [...(this.listeners.get(tweetId) ?? [])]) listener();
  }
}

function stripId({ likes, replies, retweets, bookmarks }: EngagementCounts): Counts {
  return { likes, replies, retweets, bookmarks };
}
