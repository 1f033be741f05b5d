import { useStore } from "@pulse/client/react";
import { useQuery } from "@tanstack/react-query";
import { matchResultsQuery } from "../../hooks/queries";
import { useMatchTask } from "../../hooks/useMatchTask";
import { hrefFor } from "../../lib/routes";
import { useLive } from "../../live/session";
import { trpc } from "../../trpc";
import { RelativeTime } from "../common/RelativeTime";
import { ViewHeading } from "../common/ViewHeading";
import { MatchProgress } from "./MatchProgress";
import { MatchResults } from "./MatchResults";
import { MatchSearchForm } from "./MatchSearchForm";

export function MatchView() {
  const live = useLive();
  const taskId = useStore(live.activeMatchTask);
  const request = trpc.match.request.useMutation({ onSuccess: ({ taskId: id }) => live.activeMatchTask.set(id) });
  const task = useMatchTask(taskId);
  // Finished requests of every tab (match.onResult), newest first.
  const results = useQuery(matchResultsQuery).data ?? [];
  const latest = results[0];
  const ownArrived = taskId !== null && results.some((result) => result.taskId === taskId);
  // This tab's result shows at once; once the result stream has it too, the newest of any tab wins.
  const fresh = task.phase === "done" && !ownArrived ? task.result : null;
  const shown = fresh ?? (task.phase === "waiting" ? null : (latest?.result ?? null));

  return (
    <section className="view" aria-labelledby="view-title">
      <ViewHeading>Find your people</ViewHeading>
      <p className="muted">
        Pulse ranks people by shared interests, bio, city and waking hours. Keep your{" "}
        <a href={hrefFor({ name: "profile" })}>profile</a> up to date for better matches.
      </p>
      <MatchSearchForm
        pending={request.isPending || task.phase === "waiting"}
        error={request.error}
        onSearch={(overrides) => request.mutate(overrides)}
      />
      <div className="match-status" aria-live="polite">
        {task.phase === "waiting" && <MatchProgress progress={task.progress} status={task.status} />}
        {task.phase === "failed" && (
          <div className="notice notice-error">
            <p className="notice-title">No matches this time</p>
            <p>{task.message}</p>
            <p>
              <a href={hrefFor({ name: "profile" })}>Edit your profile</a> or adjust this search, then try again.
            </p>
          </div>
        )}
        {shown && <p className="sr-only">{`Found ${shown.matches.length} matches.`}</p>}
      </div>
      {shown ? (
        <>
          <h2 className="section-title">
            Your matches
            {!fresh && latest && (
              <span className="muted section-subtitle">
                {" "}
                · found <RelativeTime iso={latest.finishedAt} />
              </span>
            )}
          </h2>
          <MatchResults result={shown} />
        </>
      ) : (
        task.phase === "idle" &&
        latest?.error && <p className="muted">Your last search did not finish: {latest.error}</p>
      )}
    </section>
  );
}
