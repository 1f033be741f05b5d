import { skipToken } from "@tanstack/react-query";
import { useState } from "react";
import type { TopicPage, Tweet } from "../../api-types";
import { useResumeInput, useStreamRestart } from "../../hooks/useStreamRestart";
import { trpc } from "../../trpc";
import { EmptyState } from "../common/EmptyState";
import { ErrorNotice } from "../common/ErrorNotice";
import { LoadingState } from "../common/LoadingState";
import { ViewHeading } from "../common/ViewHeading";
import { OlderPosts } from "../home/FeedEnd";
import { FeedList } from "../home/FeedList";

const TOPIC_PAGE = 20;

/** The live page of one #topic: newest posts first, new ones added at the top as they are posted. */
export function TopicView({ topic }: { topic: string }) {
  const utils = trpc.useUtils();
  const input = { topic, limit: TOPIC_PAGE };
  const pages = trpc.discovery.topicFeed.useInfiniteQuery(input, {
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // The stream keeps it current; refetched only after a reset.
    staleTime: Number.POSITIVE_INFINITY,
  });
  const [announcement, setAnnouncement] = useState("");
  // Where the stream starts: after the first page's newest post (the wsClient resumes it from there on).
  const resume = useResumeInput(pages.data ? (pages.data.pages[0]?.headEventId ?? null) : undefined);
  const stream = trpc.discovery.onTopic.useSubscription(resume.input ? { topic, ...resume.input } : skipToken, {
    onData: ({ id, data }) => {
      resume.seen(id);
      if (data.type === "reset") {
        void utils.discovery.topicFeed.invalidate(input);
        return;
      }
      utils.discovery.topicFeed.setInfiniteData(input, (current) => current && withNewPost(current, data.tweet));
      setAnnouncement(`New post from ${data.tweet.author.displayName}`);
    },
  });
  useStreamRestart(stream, resume.restart);

  const tweets = pages.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section className="view" aria-labelledby="view-title">
      <ViewHeading>#{topic}</ViewHeading>
      <p className="muted">Posts with #{topic}, newest first. New ones appear here as they are posted.</p>
      <p className="sr-only" aria-live="polite">
        {announcement}
      </p>
      {pages.isPending ? (
        <LoadingState label={`Loading #${topic}…`} />
      ) : pages.isError && tweets.length === 0 ? (
        <ErrorNotice
          title="This topic could not be loaded"
          error={pages.error}
          retrying={pages.isFetching}
          onRetry={() => void pages.refetch()}
        />
      ) : tweets.length === 0 ? (
        <EmptyState title={`No posts with #${topic} yet`}>
          <p className="muted">Posts with it will appear here as soon as they are written.</p>
        </EmptyState>
      ) : (
        <>
          <h2 className="sr-only">Posts</h2>
          <FeedList tweets={tweets} label={`Posts with #${topic}`} />
          <OlderPosts pages={pages} />
        </>
      )}
    </section>
  );
}

/** The pages with a live post on top of the first one (once: a replayed post already listed is left alone). */
function withNewPost<Data extends { pages: TopicPage[] }>(data: Data, tweet: Tweet): Data {
  if (data.pages.some((page) => page.items.some((item) => item.id === tweet.id))) return data;
  const [first, ...rest] = data.pages;
  if (!first) return data;
  return { ...data, pages: [{ ...first, items: [tweet, ...first.items] }, ...rest] };
}
