import { useRef } from "react";
import type { NotificationKind, NotificationPreferences } from "../../api-types";
import { describeError } from "../../errors";
import { trpc } from "../../trpc";
import { LoadingState } from "../common/LoadingState";
import { LoadMoreButton } from "../common/LoadMoreButton";
import { UserLink } from "../common/UserLink";

const kindLabels: Array<[NotificationKind, string]> = [
  ["LIKE", "Likes of my posts"],
  ["REPLY", "Replies to my posts"],
  ["RETWEET", "Retweets of my posts"],
  ["FOLLOW", "New followers"],
  ["MENTION", "Mentions of me"],
];

/**
 * What notifies me (a switch per kind) and whom I muted (with Unmute). The server applies both before anything is
 * stored: switching a kind off stops new ones of it; muting someone also hides what they did before.
 */
export function NotificationSettings({ onChanged }: { onChanged: () => void }) {
  const utils = trpc.useUtils();
  const preferences = trpc.notification.preferences.useQuery();
  const setPreferences = trpc.notification.setPreferences.useMutation({
    onMutate: async (change) => {
      await utils.notification.preferences.cancel();
      const before = utils.notification.preferences.getData();
      utils.notification.preferences.setData(undefined, (current) => current && { ...current, ...change });
      return { before };
    },
    onError: (_error, _change, context) => utils.notification.preferences.setData(undefined, context?.before),
    onSuccess: (saved) => utils.notification.preferences.setData(undefined, saved),
  });

  return (
    <section className="card notification-settings" aria-labelledby="notification-settings-title">
      <h2 id="notification-settings-title" className="section-title">
        Notification settings
      </h2>
      {preferences.isPending ? (
        <LoadingState label="Loading settings…" />
      ) : preferences.isError ? (
        <p className="form-error">Settings could not be loaded. {describeError(preferences.error)}</p>
      ) : (
        <KindSwitches
          values={preferences.data}
          onChange={(kind, on) => setPreferences.mutate({ [kind]: on })}
          error={setPreferences.error ? `Could not save. ${describeError(setPreferences.error)}` : null}
        />
      )}
      <MutedUsers onChanged={onChanged} />
    </section>
  );
}

type KindSwitchesProps = {
  values: NotificationPreferences;
  onChange: (kind: NotificationKind, on: boolean) => void;
  error: string | null;
};

function KindSwitches({ values, onChange, error }: KindSwitchesProps) {
  return (
    <fieldset className="setting-group">
      <legend>Notify me about</legend>
      {kindLabels.map(([kind, label]) => (
        <label key={kind} className="setting-toggle">
          <input type="checkbox" checked={values[kind]} onChange={(event) => onChange(kind, event.target.checked)} />
          <span>{label}</span>
          <span className="switch" aria-hidden="true" />
        </label>
      ))}
      <div className="form-error" aria-live="polite">
        {error && <p>{error}</p>}
      </div>
    </fieldset>
  );
}

function MutedUsers({ onChanged }: { onChanged: () => void }) {
  const utils = trpc.useUtils();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const muted = trpc.user.muted.useInfiniteQuery({ limit: 20 }, { getNextPageParam: (last) => last.nextCursor });
  const unmute = trpc.user.unmute.useMutation({
    onSuccess: () => {
      void utils.user.muted.invalidate();
      void utils.user.get.invalidate();
      onChanged();
      // The row (and its button) goes away: focus stays in the list's section instead of falling to <body>.
      headingRef.current?.focus();
    },
  });
  const people = muted.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <div className="muted-users">
      <h3 ref={headingRef} tabIndex={-1} className="muted-users-title">
        Muted people
      </h3>
      {muted.isPending ? (
        <LoadingState label="Loading muted people…" />
      ) : people.length === 0 ? (
        <p className="muted">Nobody. Mute someone from their page: their actions will never notify you.</p>
      ) : (
        <ul className="muted-list" aria-label="Muted people">
          {people.map((person) => (
            <li key={person.id} className="muted-row">
              <UserLink user={person} />
              <button
                type="button"
                className="button button-secondary"
                aria-busy={unmute.isPending && unmute.variables?.userId === person.id}
                onClick={() => !unmute.isPending && unmute.mutate({ userId: person.id })}
              >
                Unmute<span className="sr-only"> {person.displayName}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <LoadMoreButton
        hasMore={muted.hasNextPage}
        loading={muted.isFetchingNextPage}
        onLoad={() => void muted.fetchNextPage()}
        label="Show more"
      />
      <div className="form-error" aria-live="polite">
        {unmute.error && <p>Could not unmute. {describeError(unmute.error)}</p>}
      </div>
    </div>
  );
}
