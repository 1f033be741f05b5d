import { useStore } from "@pulse/client/react";
import { type RefObject, useEffect, useMemo, useRef } from "react";
import { useFeedPages } from "../../hooks/queries";
import { useLive } from "../../live/session";
import type { User } from "../../trpc";
import { EmptyState } from "../common/EmptyState";
import { ErrorNotice } from "../common/ErrorNotice";
import { LoadingState } from "../common/LoadingState";
import { ViewHeading } from "../common/ViewHeading";
import { WelcomeCard } from "../WelcomeCard";
import { Composer } from "./Composer";
import { OlderPosts } from "./FeedEnd";
import { FeedList } from "./FeedList";
import { NewPostsBanner } from "./NewPostsBanner";
import { WhoToFollow } from "./WhoToFollow";

export function HomeView({ user }: { user: User }) {
  const live = useLive();
  const pages = useFeedPages();
  const held = useStore(live.feedHeld);
  // One list, the cache's: posts waiting behind "Show N new posts" are in it, just not shown yet.
  const entries = useMemo(() => pages.data?.pages.flatMap((page) => page.items) ?? [], [pages.data]);
  const shown = useMemo(() => entries.filter((entry) => !held.has(entry.tweet.id)), [entries, held]);
  const waiting = entries.length - shown.length;
  const listRef = useRef<HTMLUListElement>(null);
  useFocusWhenFilled(!pages.isPending && shown.length === 0, listRef);
  // The pill keeps the reader's place; with nothing shown there is no place to keep (an empty Home filled by a
  // follow's backfill), so what waits shows at once.
  useEffect(() => {
    if (shown.length === 0 && waiting > 0) live.feedHeld.set(new Set());
  }, [shown.length, waiting, live]);

  const showNew = () => {
    live.feedHeld.set(new Set());
    // The button goes away: move focus to the newest post rather than losing it.
    requestAnimationFrame(() => listRef.current?.querySelector<HTMLElement>("article")?.focus());
  };

  return (
    <section className="view" aria-labelledby="view-title">
      <ViewHeading>Home</ViewHeading>
      <Composer label="Write a post" placeholder="What's happening? Use #topics and @mentions" submitLabel="Post" />
      <NewPostsBanner count={waiting} onShow={showNew} />
      {pages.isPending ? (
        <LoadingState label="Loading your feed…" />
      ) : pages.isError && shown.length === 0 ? (
        <ErrorNotice
          title="Your feed could not be loaded"
          error={pages.error}
          retrying={pages.isFetching}
          onRetry={() => void pages.refetch()}
        />
      ) : shown.length === 0 ? (
        <WelcomeCard user={user}>
          <WhoToFollow />
        </WelcomeCard>
      ) : (
        <>
          {/* Posts carry h3 titles: this keeps the outline h1 → h2 → h3 for screen-reader heading navigation. */}
          <h2 className="sr-only">Your feed</h2>
          <FeedList ref={listRef} entries={shown} label="Your feed" />
          <OlderPosts pages={pages} />
          {!pages.hasNextPage && (
            <EmptyState title="You're all caught up">
              <p className="muted">Older posts end here.</p>
            </EmptyState>
          )}
        </>
      )}
    </section>
  );
}

/**
 * Following someone from the welcome card fills the feed, and the card (with the focused Follow button) goes away:
 * focus moves to the newest post instead of falling to the page.
 */
function useFocusWhenFilled(empty: boolean, listRef: RefObject<HTMLUListElement | null>) {
  const wasEmpty = useRef(false);
  useEffect(() => {
    if (empty) {
      wasEmpty.current = true;
      return;
    }
    if (!wasEmpty.current) return;
    wasEmpty.current = false;
    const focused = document.activeElement;
    if (focused === null || focused === document.body || !focused.isConnected) {
      listRef.current?.querySelector<HTMLElement>("article")?.focus();
    }
  }, [empty, listRef]);
}
