import { describeError, isUnauthorized } from "../errors";
import { useStartSession } from "../session";
import { trpc } from "../trpc";

export function LogoutButton() {
  const startSession = useStartSession();
  const logout = trpc.auth.logout.useMutation({
    onSuccess: () => startSession(),
    onError: (error) => {
      // Already logged out on the server: the goal is reached.
      if (isUnauthorized(error)) startSession();
    },
  });
  const failed = logout.error && !isUnauthorized(logout.error);

  return (
    <div className="logout">
      <button
        type="button"
        className="button button-secondary"
        disabled={logout.isPending}
        aria-busy={logout.isPending}
        onClick={() => logout.mutate()}
      >
        {logout.isPending ? "Logging out…" : "Log out"}
      </button>
      <div className="logout-error" aria-live="assertive" aria-atomic="true">
        {failed && <p>{describeError(logout.error)}</p>}
      </div>
    </div>
  );
}
