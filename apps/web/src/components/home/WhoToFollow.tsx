import { useLive } from "../../live/session";
import { trpc } from "../../trpc";
import { ErrorNotice } from "../common/ErrorNotice";
import { LoadingState } from "../common/LoadingState";
import { UserLink } from "../common/UserLink";
import { FollowButton } from "../match/FollowButton";

/**
 * People to follow, with why in plain words. Following one fills Home: their recent posts are added to the feed,
 * which is refetched here.
 */
export function WhoToFollow() {
  const utils = trpc.useUtils();
  const live = useLive();
  // Kept as first answered: someone just followed stays listed (as "Following") instead of jumping away.
  const suggestions = trpc.discovery.whoToFollow.useQuery({ limit: 5 }, { staleTime: Number.POSITIVE_INFINITY });

  return (
    <section className="who-to-follow" aria-labelledby="who-to-follow-title">
      <h3 id="who-to-follow-title">Who to follow</h3>
      {suggestions.isPending ? (
        <LoadingState label="Finding people…" />
      ) : suggestions.isError ? (
        <ErrorNotice
          title="Suggestions could not be loaded"
          error={suggestions.error}
          onRetry={() => void suggestions.refetch()}
        />
      ) : suggestions.data.length === 0 ? (
        <p className="muted">
          No suggestions yet: add interests and a city to your profile, or find people with Match.
        </p>
      ) : (
        <ul className="person-list" aria-label="Suggested people">
          {suggestions.data.map((suggestion) => (
            <li key={suggestion.user.id} className="person-row">
              <div className="person-info">
                <UserLink user={suggestion.user} />
                <p className="muted">{suggestion.reason}</p>
              </div>
              <FollowButton
                userId={suggestion.user.id}
                name={suggestion.user.displayName}
                onChange={(following) => {
                  // Following asked for their posts: once the feed is fetched again, none waits behind the pill.
                  if (following) void utils.feed.list.invalidate().then(() => live.feedHeld.set(new Set()));
                }}
              />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
