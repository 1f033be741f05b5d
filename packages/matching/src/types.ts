/** A matchable profile, as stored in `profiles` (tags arrive normalized; the matcher re-normalizes anyway). */
export interface Profile {
  readonly userId: string;
  /** Free text, at most 2 000 characters. */
  readonly bio: string;
  /** 1–20 tags, normalized lower-case. */
  readonly interestTags: readonly string[];
  readonly city: string;
  /** IANA zone name, e.g. "Europe/Berlin". */
  readonly timezone: string;
}

/** How much each signal contributed, each in [0, 1] before weighting. */
export interface ScoreBreakdown {
  /** Cosine similarity of the IDF-weighted tag sets. */
  readonly interests: number;
  /** Cosine similarity of the BM25-weighted bio term vectors. */
  readonly bio: number;
  /** 1 when both cities are the same (case-insensitive, trimmed), else 0. */
  readonly city: number;
  /** Waking hours in common divided by 16. */
  readonly timezone: number;
}

export interface MatchCandidate {
  readonly userId: string;
  /** Weighted sum of the breakdown, in [0, 1]. */
  readonly score: number;
  readonly reasons: readonly string[];
  /** `reasons` joined with " · ", ready to show. */
  readonly reasonText: string;
  readonly breakdown: ScoreBreakdown;
}

export interface MatchOptions {
  /** How many matches to return (1–100, default 10). */
  readonly k?: number;
  /** Users never to return, e.g. the people the requester already follows. The requester is always excluded. */
  readonly exclude?: ReadonlySet<string>;
  /** The instant at which timezone offsets are read (DST). Default: now. Pass it to get deterministic output. */
  readonly at?: Date;
  /** Called a few times with an integer percentage, increasing, ending at 100. */
  readonly onProgress?: (percent: number) => void;
}

export interface MatchResult {
  readonly matches: readonly MatchCandidate[];
  /** Profiles actually scored: the retrieved candidates minus the excluded ones. */
  readonly candidatesConsidered: number;
  readonly tookMs: number;
}
