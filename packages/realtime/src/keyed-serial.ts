/** Runs tasks one after another per key (tasks of different keys run concurrently); failures do not stall the key. */
export interface KeyedSerial {
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
  /** Keys with a task queued or running. */
  readonly pendingKeys: number;
  /** Whether `key` has a task queued or running. */
  isPending(key: string): boolean;
}

export function createKeyedSerial(): KeyedSerial {
  const tails = new Map<string, Promise<void>>();
  const settle = () => {};

  return {
    run(key, task) {
      const result = (tails.get(key) ?? Promise.resolve()).then(task);
      const tail = result.then(settle, settle);
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return result;
    },
    isPending(key) {
      return tails.has(key);
    },
    get pendingKeys() {
      return tails.size;
    },
  };
}
