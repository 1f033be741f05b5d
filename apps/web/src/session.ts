import { createContext, useContext } from "react";
import type { User } from "./trpc";

/**
 * Starts a fresh client session after the auth cookie changed.
 * Pass the user returned by login/signup to show them without a loading flash.
 */
export type StartSession = (knownUser?: User) => void;

export const SessionContext = createContext<StartSession | null>(null);

export function useStartSession(): StartSession {
  const startSession = useContext(SessionContext);
  if (!startSession) {
    throw new Error("useStartSession must be used inside <App>");
  }
  return startSession;
}
