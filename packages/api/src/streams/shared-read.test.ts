import { describe, expect, it } from "vitest";
import { markMoment, sharedReadPerDatabase } from "./shared-read";

/** Stand-ins for two databases: only their identity matters to the sharing. */
const databases: [object, object] = [{}, {}];

function gatedReads() {
  const pending: Array<() => void> = [];
  const calls: string[] = [];
  const read = sharedReadPerDatabase(async (db: object, key: string, page: number) => {
    const label = `${databases.indexOf(db)}:${key}:${page}#${calls.length + 1}`;
    calls.push(label);
    await new Promise<void>((resolve) => pending.push(resolve));
    return label;
  });
  const releaseAll = () => {
    for (const resolve of pending.splice(0)) resolve();
  };
  return { read, calls, releaseAll };
}

describe("sharedReadPerDatabase", () => {
  it("shares a read in flight with callers whose moment came before it started, never with later ones", async () => {
    const { read, calls, releaseAll } = gatedReads();
    const [db] = databases;
    const bell = markMoment();
    const first = read(db, bell, "tweet", 1);
    const joined = read(db, bell, "tweet", 1);
    // A moment marked after the read started: that caller must not get the older state.
    const later = read(db, markMoment(), "tweet", 1);
    expect(calls).toEqual(["0:tweet:1#1", "0:tweet:1#2"]);
    releaseAll();
    expect(await Promise.all([first, joined, later])).toEqual(["0:tweet:1#1", "0:tweet:1#1", "0:tweet:1#2"]);
    // Finished reads are not kept: the next caller reads again.
    const next = read(db, markMoment(), "tweet", 1);
    releaseAll();
    expect(await next).toBe("0:tweet:1#3");
  });

  it("never shares across other arguments or another database", async () => {
    const { read, calls, releaseAll } = gatedReads();
    const since = markMoment();
    const reads = [
      read(databases[0], since, "tweet", 1),
      read(databases[0], since, "tweet", 2),
      read(databases[0], since, '"tweet",1', 1),
      read(databases[1], since, "tweet", 1),
    ];
    expect(calls).toHaveLength(4);
    releaseAll();
    expect(new Set(await Promise.all(reads)).size).toBe(4);
  });

  it("a moment is strictly later than every moment before it, even within one tick", () => {
    const moments = Array.from({ length: 1_000 }, markMoment);
    expect(moments.every((moment, i) => i === 0 || moment > (moments[i - 1] ?? Number.POSITIVE_INFINITY))).toBe(true);
  });
});
