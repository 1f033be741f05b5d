import { useState } from "react";
import { describeError } from "../../errors";
import { trpc } from "../../trpc";

type FollowButtonProps = {
  userId: string;
  name: string;
  initiallyFollowing?: boolean;
  /** After the server answered a follow or unfollow that changed something. */
  onChange?: (following: boolean) => void;
};

/** Follow / Following (press again to unfollow); the server's answer is the truth. */
export function FollowButton({ userId, name, initiallyFollowing = false, onChange }: FollowButtonProps) {
  // The server's last answer wins; until then the page's value (which may refresh without remounting this button).
  const [answer, setFollowing] = useState<boolean | null>(null);
  const following = answer ?? initiallyFollowing;
  const utils = trpc.useUtils();
  const onSettled = () => void utils.user.get.invalidate();
  const onSuccess = (result: { following: boolean; changed: boolean }) => {
    setFollowing(result.following);
    if (result.changed) onChange?.(result.following);
  };
  const follow = trpc.user.follow.useMutation({ onSuccess, onSettled });
  const unfollow = trpc.user.unfollow.useMutation({ onSuccess, onSettled });
  const pending = follow.isPending || unfollow.isPending;
  const error = follow.error ?? unfollow.error;

  return (
    <div className="follow">
      <button
        type="button"
        className={following ? "button button-secondary" : "button button-primary"}
        aria-pressed={following}
        aria-label={`${following ? "Following" : "Follow"} ${name}`}
        // aria-disabled, not disabled, while sending: the button keeps keyboard focus.
        aria-disabled={pending}
        aria-busy={pending}
        onClick={() => {
          if (pending) return;
          if (following) unfollow.mutate({ userId });
          else follow.mutate({ userId });
        }}
      >
        {following ? "Following" : "Follow"}
      </button>
      <div className="follow-error" aria-live="polite">
        {error && <p>{describeError(error)}</p>}
      </div>
    </div>
  );
}
