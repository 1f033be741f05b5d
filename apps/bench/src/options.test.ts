import { describe, expect, it } from "vitest";
import { parseOptions } from "./options";

describe("command line", () => {
  it("runs every scenario, match and the scale scenarios included, by default", () => {
    const options = parseOptions([]);
    expect(options.scenarios).toEqual([
      "latency",
      "idle",
      "burst",
      "match",
      "connect",
      "throughput",
      "fanout",
      "trending",
    ]);
    expect(options.trendingTweets).toBe(1_000_000);
    expect(options).toMatchObject({
      rates: [50, 200, 500, 1_000, 2_000],
      stepSeconds: 10,
      throughputSockets: 5_000,
      fanoutFollowers: 10_000,
      connectSizes: [1_000, 5_000],
    });
    expect(options).toMatchObject({ matchProfiles: 100_000, matchWorkers: 2, matchSamples: 300, matchSeconds: 30 });
  });

  it("--only=match --quick: the match scenario alone, 20 000 profiles, fewer samples, a shorter loop", () => {
    const options = parseOptions(["--only=match", "--quick"]);
    expect(options.scenarios).toEqual(["match"]);
    expect(options).toMatchObject({ mode: "quick", matchProfiles: 20_000, matchSamples: 100, matchSeconds: 10 });
  });

  it("--quick --only throughput --rates: fewer sockets, shorter steps, the rates given", () => {
    const options = parseOptions(["--quick", "--only", "throughput,fanout", "--rates", "100,400"]);
    expect(options.scenarios).toEqual(["throughput", "fanout"]);
    expect(options).toMatchObject({
      rates: [100, 400],
      stepSeconds: 4,
      throughputSockets: 1_000,
      fanoutFollowers: 1_000,
    });
    expect(() => parseOptions(["--rates", "400,100"])).toThrow(/ascending/);
    expect(() => parseOptions(["--connect-sizes", "0"])).toThrow(/--connect-sizes/);
  });

  it("refuses unknown scenarios and nonsense sizes", () => {
    expect(() => parseOptions(["--only", "match,nope"])).toThrow(/unknown scenario nope/);
    expect(() => parseOptions(["--match-profiles", "10"])).toThrow(/--match-profiles/);
  });
});
