import type { User } from "../../api-types";
import { isNotFound } from "../../errors";
import { trpc } from "../../trpc";
import { EmptyState } from "../common/EmptyState";
import { ErrorNotice } from "../common/ErrorNotice";
import { LoadingState } from "../common/LoadingState";
import { ViewHeading } from "../common/ViewHeading";
import { FollowButton } from "../match/FollowButton";
import { UserPosts } from "./UserPosts";

/** Someone's page: who they are, follow them, their posts. */
export function UserView({ username, me }: { username: string; me: User }) {
  const user = trpc.user.get.useQuery({ username });

  if (user.isPending) return <LoadingState label={`Loading @${username}…`} />;
  if (user.isError) {
    return isNotFound(user.error) ? (
      <section className="view" aria-labelledby="view-title">
        <ViewHeading>@{username}</ViewHeading>
        <EmptyState title="No such person">
          <p className="muted">Nobody on Pulse goes by @{username}.</p>
        </EmptyState>
      </section>
    ) : (
      <ErrorNotice title="This page could not be loaded" error={user.error} onRetry={() => void user.refetch()} />
    );
  }
  const person = user.data;
  return (
    <section className="view" aria-labelledby="view-title">
      <div className="card user-card">
        <div>
          <ViewHeading>
            <bdi>{person.displayName}</bdi>
          </ViewHeading>
          <p className="muted">@{person.username}</p>
          <p className="user-counts">
            <span>
              <strong>{person.followers}</strong> followers
            </span>
            <span>
              <strong>{person.following}</strong> following
            </span>
          </p>
        </div>
        {person.id !== me.id && (
          <FollowButton userId={person.id} name={person.displayName} initiallyFollowing={person.followedByMe} />
        )}
      </div>
      <h2 className="section-title">Posts</h2>
      <UserPosts userId={person.id} />
    </section>
  );
}
