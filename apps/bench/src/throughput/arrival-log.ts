import { performance } from "node:perf_hooks";

/** When each event key was decoded, per socket (performance.now() of the load generator). */
export class ArrivalLog {
  private readonly times = new Map<string, number[]>();

  record(key: string): void {
    const at = performance.now();
    const list = this.times.get(key);
    if (list) list.push(at);
    else this.times.set(key, [at]);
  }

  get(key: string): readonly number[] | undefined {
    return this.times.get(key);
  }

  count(key: string): number {
    return this.times.get(key)?.length ?? 0;
  }

  clear(): void {
    this.times.clear();
  }
}
