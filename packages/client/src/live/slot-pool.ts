/**
 * A fixed number of slots handed out first come, first served: it keeps the subscriptions a page opens (say, the
 * engagement counts of every card in view) under the server's cap per socket (WS_MAX_SUBSCRIPTIONS_PER_CONNECTION,
 * 50 by default), which otherwise refuses the extra ones.
 */
export interface SlotPool {
  /** Calls `onGrant` when a slot is free (maybe at once); the returned function releases it or leaves the queue. */
  request(onGrant: () => void): () => void;
  readonly inUse: number;
}

export function createSlotPool(size: number): SlotPool {
  let inUse = 0;
  const queue: { grant: () => void }[] = [];
  const next = () => {
    while (inUse < size && queue.length > 0) {
      const waiter = queue.shift();
      if (!waiter) break;
      inUse += 1;
      waiter.grant();
    }
  };
  return {
    get inUse() {
      return inUse;
    },
    request(onGrant) {
      let state: "waiting" | "granted" | "released" = "waiting";
      const waiter = {
        grant: () => {
          state = "granted";
          onGrant();
        },
      };
      queue.push(waiter);
      next();
      return () => {
        if (state === "granted") {
          inUse -= 1;
          next();
        } else if (state === "waiting") {
          queue.splice(queue.indexOf(waiter), 1);
        }
        state = "released";
      };
    },
  };
}
