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
    const { client, live } = clients;
    const detach = live.connection.attach(client.connectionState);
    return () => {
      detach();
      client.close();
    };
  }, [clients]);

  return (
    <trpc.Provider client={clients.client.trpc} queryClient={clients.queryClient}>
      <QueryClientProvider client={clients.queryClient}>
        <LiveSessionContext.Provider value={clients.live}>{children}</LiveSessionContext.Provider>
      </QueryClientProvider>
    </trpc.Provider>
  );
}
