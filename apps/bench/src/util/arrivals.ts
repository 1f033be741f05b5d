import { performance } from "node:perf_hooks";

interface Waiter {
  count: number;
  resolve(times: number[]): void;
}

/**
 * When each sample's event reached the target sockets, by sample key, timed in this (the load generator's)
 * process with performance.now(). Events may arrive before the mutation's response names the key: they wait here.
 */
export class ArrivalBook {
  private readonly times = new Map<string, number[]>();
  private readonly waiters = new Map<string, Waiter>();
  /** Events nobody waited for (late duplicates, primes that timed out). */
  unexpected = 0;

  /** Called by a target socket's handler the moment a message is decoded. */
  record(key: string): void {
    const at = performance.now();
    const list = this.times.get(key);
    if (list) list.push(at);
    else this.times.set(key, [at]);
    const waiter = this.waiters.get(key);
    const arrived = this.times.get(key) ?? [];
    if (waiter && arrived.length >= waiter.count) {
      this.waiters.delete(key);
      this.times.delete(key);
      waiter.resolve(arrived);
    }
  }

  /** Resolves with the arrival times once `count` sockets have the event, or undefined after `timeoutMs`. */
  waitFor(key: string, count: number, timeoutMs: number): Promise<number[] | undefined> {
    const arrived = this.times.get(key);
    if (arrived && arrived.length >= count) {
      this.times.delete(key);
      return Promise.resolve(arrived);
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters.delete(key);
        this.times.delete(key);
        resolve(undefined);
      }, timeoutMs);
      this.waiters.set(key, {
        count,
        resolve: (times) => {
          clearTimeout(timer);
          resolve(times);
        },
      });
    });
  }

  /** Forgets arrivals nobody claimed; returns how many keys there were. */
  sweep(): number {
    const left = this.times.size;
    this.unexpected += left;
    this.times.clear();
    return left;
  }
}
