import type { User } from "../../api-types";
import { hrefFor } from "../../lib/routes";
import { trpc } from "../../trpc";
import { EmptyState } from "../common/EmptyState";
import { ErrorNotice } from "../common/ErrorNotice";
import { LoadingState } from "../common/LoadingState";
import { LoadMoreButton } from "../common/LoadMoreButton";
import { UserLink } from "../common/UserLink";
import { ViewHeading } from "../common/ViewHeading";
import { UserPending } from "./UserPending";

type Which = "followers" | "following";

/** Who follows someone, or whom they follow, newest first. */
export function FollowListView({ username, which, me }: { username: string; which: Which; me: User }) {
  const user = trpc.user.get.useQuery({ username });
  if (!user.isSuccess) {
    return <UserPending username={username} error={user.error} onRetry={() => void user.refetch()} />;
  }
  const person = user.data;
  const mine = person.id === me.id;
  const title =
    which === "followers"
      ? mine
        ? "Your followers"
        : `Followers of ${person.displayName}`
      : mine
        ? "People you follow"
        : `People ${person.displayName} follows`;
  return (
    <section className="view" aria-labelledby="view-title">
      <ViewHeading>
        <bdi>{title}</bdi>
      </ViewHeading>
      <p>
        <a className="standalone-link" href={hrefFor({ name: "user", username: person.username })}>
          Back to {mine ? "your page" : <bdi>{person.displayName}</bdi>}
        </a>
      </p>
      <PeopleList userId={person.id} which={which} />
    </section>
  );
}

function PeopleList({ userId, which }: { userId: string; which: Which }) {
  const options = { getNextPageParam: (last: { nextCursor: string | null }) => last.nextCursor ?? undefined };
  const followers = trpc.user.followers.useInfiniteQuery(
    { userId, limit: 30 },
    { ...options, enabled: which === "followers" },
  );
  const following = trpc.user.following.useInfiniteQuery(
    { userId, limit: 30 },
    { ...options, enabled: which === "following" },
  );
  const list = which === "followers" ? followers : following;
  if (list.isPending) return <LoadingState label="Loading people…" />;
  if (list.isError) {
    return <ErrorNotice title="This list could not be loaded" error={list.error} onRetry={() => void list.refetch()} />;
  }
  const people = list.data.pages.flatMap((page) => page.items);
  if (people.length === 0) {
    return <EmptyState title={which === "followers" ? "No followers yet" : "Not following anyone yet"} />;
  }
  return (
    <>
      <ul className="person-list card" aria-label={which === "followers" ? "Followers" : "Following"}>
        {people.map((person) => (
          <li key={person.id} className="person-row">
            <UserLink user={person} />
          </li>
        ))}
      </ul>
      <LoadMoreButton
        hasMore={list.hasNextPage}
        loading={list.isFetchingNextPage}
        onLoad={() => void list.fetchNextPage()}
        label="Show more people"
      />
    </>
  );
}
