import { describe, expect, it } from "vitest";
import { createKeyedSerial } from "./keyed-serial";

describe("createKeyedSerial", () => {
  it("runs the tasks of one key in order, each after the previous one settled, failures included", async () => {
    const serial = createKeyedSerial();
    const log: string[] = [];
    const task =
      (name: string, fail = false) =>
      async () => {
        log.push(`start ${name}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
        log.push(`end ${name}`);
        if (fail) throw new Error(name);
        return name;
      };

    const results = await Promise.allSettled([
      serial.run("k", task("a")),
      serial.run("k", task("b", true)),
      serial.run("k", task("c")),
    ]);

    expect(log).toEqual(["start a", "end a", "start b", "end b", "start c", "end c"]);
    expect(results.map((result) => result.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    await Promise.resolve();
    expect(serial.pendingKeys).toBe(0);
  });

  it("runs different keys concurrently", async () => {
    const serial = createKeyedSerial();
    let releaseA = () => {};
    const a = serial.run("a", () => new Promise<void>((resolve) => (releaseA = resolve)));
    await serial.run("b", async () => {});
    releaseA();
    await a;
  });
});
