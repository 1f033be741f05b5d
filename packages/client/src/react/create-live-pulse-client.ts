import { createPulseClient, type PulseClient, type PulseClientOptions } from "../client";
import { type ConnectionMonitor, createConnectionMonitor } from "../live/connection";

export type LivePulseClient = PulseClient & {
  /** What the connection indicator shows; call `connection.attach(client.connectionState)` while mounted. */
  connection: ConnectionMonitor;
};

/**
 * A Pulse client whose socket reports to a connection monitor: its retry delays (for "Reconnecting in N s"), opens
 * and close codes. Pass `client.trpc` to `pulse.Provider`; the same client serves hooks and plain calls.
 */
export function createLivePulseClient(
  options: PulseClientOptions & { connection?: ConnectionMonitor },
): LivePulseClient {
  const { connection = createConnectionMonitor(), ...clientOptions } = options;
  const client = createPulseClient({
    ...clientOptions,
    retryDelayMs: connection.retryDelayMs,
    onOpen: () => {
      connection.onOpen();
      clientOptions.onOpen?.();
    },
    onClose: (cause) => {
      connection.onClose(cause);
      clientOptions.onClose?.(cause);
    },
  });
  return { ...client, connection };
}
