import { EventBusClosedError } from "./bus";

/**
 * Settles what ioredis would leave pending forever: a command queued while Redis is away is never rejected
 * when the client is disconnected during a reconnect.
 */
export interface ClosedSignal {
  whileOpen<T>(promise: Promise<T>): Promise<T>;
  close(): void;
}

export function createClosedSignal(): ClosedSignal {
  let reject: (error: Error) => void = () => {};
  const closed = new Promise<never>((_, rejectClosed) => {
    reject = rejectClosed;
  });
  // Only ever observed through whileOpen.
  closed.catch(() => {});
  return {
    whileOpen: (promise) => Promise.race([promise, closed]),
    close: () => reject(new EventBusClosedError()),
  };
}
