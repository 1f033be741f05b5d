import { isNotFound } from "../../errors";
import { EmptyState } from "../common/EmptyState";
import { ErrorNotice } from "../common/ErrorNotice";
import { LoadingState } from "../common/LoadingState";
import { ViewHeading } from "../common/ViewHeading";

/** What a page about @username shows until its `user.get` query has the person: loading, nobody, or an error. */
export function UserPending({ username, error, onRetry }: { username: string; error: unknown; onRetry(): void }) {
  if (!error) return <LoadingState label={`Loading @${username}…`} />;
  return isNotFound(error) ? (
    <section className="view" aria-labelledby="view-title">
      <ViewHeading>@{username}</ViewHeading>
      <EmptyState title="No such person">
        <p className="muted">Nobody on Pulse goes by @{username}.</p>
      </EmptyState>
    </section>
  ) : (
    <ErrorNotice title="This page could not be loaded" error={error} onRetry={onRetry} />
  );
}
