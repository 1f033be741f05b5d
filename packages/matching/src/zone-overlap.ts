import type { MatchIndex } from "./match-index";
import type { ZoneOverlap } from "./score";
import { stringAt } from "./string-table";
import { utcOffsetMinutes, wakingOverlapForOffsets } from "./timezone";

/**
 * Waking hours each index zone shares with the requester's zone at `at`. Offsets come from Intl (slow, ~µs), so
 * each zone is computed once per match and memoized: a few hundred zones, thousands of candidates.
 */
export function zoneOverlapFor(index: MatchIndex, requesterZone: string | null, at: Date): ZoneOverlap {
  const hours = new Float64Array(index.zones.size).fill(Number.NaN);
  const requesterOffset = requesterZone === null ? null : utcOffsetMinutes(requesterZone, at);
  return (zone) => {
    if (zone < 0 || requesterOffset === null) return 0;
    let value = hours[zone] as number;
    if (Number.isNaN(value)) {
      value = wakingOverlapForOffsets(requesterOffset, utcOffsetMinutes(stringAt(index.zones, zone), at));
      hours[zone] = value;
    }
    return value;
  };
}
