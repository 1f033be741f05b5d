import { useCallback } from "react";
import { trpc } from "../trpc";

/**
 * For a subscription the server refused as UNAUTHORIZED (logged out elsewhere, expired): `auth.me` is refetched,
 * finds the session gone, and AuthGate shows the login screen.
 */
export function useSessionLost(): () => void {
  const utils = trpc.useUtils();
  return useCallback(() => void utils.auth.me.invalidate(), [utils]);
}
