import { useState } from "react";
import { describeError } from "../../errors";
import { trpc } from "../../trpc";

type MuteButtonProps = { userId: string; name: string; initiallyMuted: boolean };

/** Mute / Unmute someone from their page: a muted person's actions never notify me. The server's answer is the truth. */
export function MuteButton({ userId, name, initiallyMuted }: MuteButtonProps) {
  const [answer, setMuted] = useState<boolean | null>(null);
  const muted = answer ?? initiallyMuted;
  const utils = trpc.useUtils();
  const onSuccess = (result: { muted: boolean }) => {
    setMuted(result.muted);
    void utils.user.muted.invalidate();
    void utils.notification.groups.invalidate();
    void utils.notification.list.invalidate();
  };
  const mute = trpc.user.mute.useMutation({ onSuccess });
  const unmute = trpc.user.unmute.useMutation({ onSuccess });
  const pending = mute.isPending || unmute.isPending;
  const error = mute.error ?? unmute.error;

  return (
    <div className="follow">
      <button
        type="button"
        className="button button-secondary"
        aria-pressed={muted}
        // aria-disabled, not disabled, while sending: the button keeps keyboard focus.
        aria-disabled={pending}
        aria-busy={pending}
        onClick={() => {
          if (pending) return;
          if (muted) unmute.mutate({ userId });
          else mute.mutate({ userId });
        }}
      >
        {muted ? "Muted" : "Mute"}
        <span className="sr-only"> {name}</span>
      </button>
      <div className="follow-error" aria-live="polite">
        {muted && !error && <p className="muted">Their actions do not notify you.</p>}
        {error && <p>{describeError(error)}</p>}
      </div>
    </div>
  );
}
