import { useCallback, useState } from "react";
import { AuthGate } from "./components/AuthGate";
import { TrpcProvider } from "./components/TrpcProvider";
import { SessionContext } from "./session";
import type { User } from "./trpc";

type Session = { generation: number; knownUser: User | undefined };

export function App() {
  const [session, setSession] = useState<Session>({
    generation: 0,
    knownUser: undefined,
  });

  const startSession = useCallback((knownUser?: User) => {
    setSession((previous) => ({
      generation: previous.generation + 1,
      knownUser,
    }));
  }, []);

  return (
    <SessionContext.Provider value={startSession}>
      {/* The key remounts the provider, so every auth change gets a new
          WebSocket (authenticated from the new cookie) and an empty cache. */}
      <TrpcProvider key={session.generation}>
        <AuthGate knownUser={session.knownUser} />
      </TrpcProvider>
    </SessionContext.Provider>
  );
}
