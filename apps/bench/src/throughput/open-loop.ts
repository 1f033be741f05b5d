import { performance } from "node:perf_hooks";
import { sleep } from "../util/pool";
import { dueAt, dueBy, sendCount } from "./schedule";
import type { SendRecord } from "./step-summary";

/** What one send resolves with: the event's key, and how many sockets must decode it. */
export interface Sent {
  key: string;
  sockets: number;
}

/** Sends `send(i)` at t0 + i/R for the step's duration, never waiting for answers; resolves once all settled. */
export async function runOpenLoop(
  rate: number,
  durationMs: number,
  send: (index: number) => Promise<Sent>,
  socketsOf: (index: number) => number,
): Promise<SendRecord[]> {
  const total = sendCount(rate, durationMs);
  const records: SendRecord[] = [];
  const settled: Array<Promise<void>> = [];
  // A few ms of head start so that send 0 is not already late when the loop begins.
  const t0 = performance.now() + 5;
  const fire = (index: number) => {
    const record: SendRecord = {
      scheduledAt: t0 + dueAt(rate, index),
      sentAt: performance.now(),
      respondedAt: null,
      ok: false,
      key: null,
      sockets: socketsOf(index),
      error: null,
    };
    records.push(record);
    settled.push(
      send(index).then(
        (sent) => {
          record.respondedAt = performance.now();
          record.ok = true;
          record.key = sent.key;
          record.sockets = sent.sockets;
        },
        (error: unknown) => {
          record.respondedAt = performance.now();
          record.error = error instanceof Error ? error.message : String(error);
        },
      ),
    );
  };
  // Bounded: every pass fires what is due or sleeps until the next send is due; `next` reaches `total`.
  let next = 0;
  while (next < total) {
    const elapsed = performance.now() - t0;
    const due = dueBy(rate, elapsed, total);
    while (next < due) fire(next++);
    if (next < total) await sleep(Math.max(0, dueAt(rate, next) - (performance.now() - t0)));
  }
  // Each send has its own timeout (http-poster.ts): this ends.
  await Promise.all(settled);
  return records;
}
