import { describe, expect, it } from "vitest";
import { parseOptions } from "./options";

describe("command line", () => {
  it("runs every scenario, match included, by default", () => {
    const options = parseOptions([]);
    expect(options.scenarios).toEqual(["latency", "idle", "burst", "match"]);
    expect(options).toMatchObject({ matchProfiles: 100_000, matchWorkers: 2, matchSamples: 300, matchSeconds: 30 });
  });

  it("--only=match --quick: the match scenario alone, 20 000 profiles, fewer samples, a shorter loop", () => {
    const options = parseOptions(["--only=match", "--quick"]);
    expect(options.scenarios).toEqual(["match"]);
    expect(options).toMatchObject({ mode: "quick", matchProfiles: 20_000, matchSamples: 100, matchSeconds: 10 });
  });

  it("refuses unknown scenarios and nonsense sizes", () => {
    expect(() => parseOptions(["--only", "match,nope"])).toThrow(/unknown scenario nope/);
    expect(() => parseOptions(["--match-profiles", "10"])).toThrow(/--match-profiles/);
  });
});
