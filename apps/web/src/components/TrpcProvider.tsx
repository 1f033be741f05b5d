import { QueryClientProvider } from "@tanstack/react-query";
import { type ReactNode, useEffect, useState } from "react";
import { LiveSessionContext } from "../live/session";
import { createTrpcClients, trpc } from "../trpc";

export function TrpcProvider({ children }: { children: ReactNode }) {
  const [clients] = useState(createTrpcClients);

  // The old socket was authenticated with the old cookie, so it must not
  // outlive its session. close() is soft: a later request would reopen it,
  // which keeps StrictMode's mount/unmount/mount rehearsal harmless.
  useEffect(() => {
    const { wsClient, live } = clients;
    const detach = live.connection.attach(wsClient.connectionState);
    return () => {
      detach();
      void wsClient.close();
    };
  }, [clients]);

  return (
    <trpc.Provider client={clients.trpcClient} queryClient={clients.queryClient}>
      <QueryClientProvider client={clients.queryClient}>
        <LiveSessionContext.Provider value={clients.live}>{children}</LiveSessionContext.Provider>
      </QueryClientProvider>
    </trpc.Provider>
  );
}
