import type { User } from "../../api-types";
import { hrefFor } from "../../lib/routes";
import { trpc } from "../../trpc";
import { ViewHeading } from "../common/ViewHeading";
import { FollowButton } from "../match/FollowButton";
import { MuteButton } from "../notifications/MuteButton";
import { ProfileFacts } from "./ProfileFacts";
import { UserPending } from "./UserPending";
import { UserPosts } from "./UserPosts";

/** Someone's page (or mine): who they are, their profile, who follows them, follow them, their posts. */
export function UserView({ username, me }: { username: string; me: User }) {
  const user = trpc.user.get.useQuery({ username });

  if (!user.isSuccess) {
    return <UserPending username={username} error={user.error} onRetry={() => void user.refetch()} />;
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
            <a href={hrefFor({ name: "followers", username: person.username })}>
              <span>
                <strong>{person.followers}</strong> {person.followers === 1 ? "follower" : "followers"}
              </span>
            </a>
            <a href={hrefFor({ name: "following", username: person.username })}>
              <span>
                <strong>{person.following}</strong> following
              </span>
            </a>
          </p>
          <ProfileFacts userId={person.id} name={person.displayName} />
          {person.id === me.id && (
            <p>
              <a className="standalone-link" href={hrefFor({ name: "profile" })}>
                Edit your profile
              </a>
            </p>
          )}
        </div>
        {person.id !== me.id && (
          <div className="user-actions">
            <FollowButton userId={person.id} name={person.displayName} initiallyFollowing={person.followedByMe} />
            <MuteButton userId={person.id} name={person.displayName} initiallyMuted={person.mutedByMe} />
          </div>
        )}
      </div>
      <h2 className="section-title">Posts</h2>
      <UserPosts userId={person.id} />
    </section>
  );
}
