import { isUnauthorized } from "../errors";
import { trpc, type User } from "../trpc";
import { AppShell } from "./AppShell";
import { AuthScreen } from "./AuthScreen";
import { ErrorScreen } from "./ErrorScreen";
import { LoadingScreen } from "./LoadingScreen";

type AuthGateProps = { knownUser: User | undefined };

/** `auth.me` is the single source of truth for "am I logged in?". */
export function AuthGate({ knownUser }: AuthGateProps) {
  const me = trpc.auth.me.useQuery(undefined, { placeholderData: knownUser });

  // Checked before `data`: a refetch that finds the session gone keeps the
  // old user in `data`, but the cookie is no longer valid.
  if (isUnauthorized(me.error)) return <AuthScreen />;
  if (me.data) return <AppShell user={me.data} />;
  if (me.error) {
    return <ErrorScreen error={me.error} retrying={me.isFetching} onRetry={() => void me.refetch()} />;
  }
  return <LoadingScreen />;
}
