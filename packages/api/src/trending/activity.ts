import { type Database, queryRows, sql } from "@pulse/db";

type Fragment = ReturnType<typeof sql>;

/**
 * Incremental trending activity (tables `topic_activity` and `topic_activity_delta`, triggers in migration 0003).
 *
 * Writes: triggers on `tweets` and `engagements` append signed per-minute rows to `topic_activity_delta` in the
 * transaction of the change. Insert-only, so writers of a hot topic never wait on a shared counter row, and every
 * writer (router, seeds, bulk loads, cascades) is covered without a call at the write sites.
 * Job (`advanceTopicActivity`, serialized): moves the deltas into `topic_activity` at two resolutions (minutes and
 * ten-minute blocks) and into per-topic running totals of the windows (`topic_window_totals`), then slides those
 * totals by the minutes that crossed a window edge; `pruneTopicActivity` drops spans older than two windows.
 * Reads: the job's totals (one row per topic) plus the deltas of the last few seconds; for any other instant (before
 * the first run, or the on-demand compute of another instant), the windows' whole blocks plus the minutes at their
 * edges (≤ ~40 spans per topic for two windows of an hour). Either way the cost depends on the topics (and, for
 * the fallback, the minutes), never on the number of tweets.
 */

export const MINUTE_MS = 60_000;
/** The coarse span, in minutes. About √(windows × edges) for the default hour: 12 blocks + ≤ 28 edge minutes. */
export const BLOCK_MINUTES = 10;
const BLOCK_MS = BLOCK_MINUTES * MINUTE_MS;
/** Serializes folds: two concurrent folds upserting the same spans in different orders could deadlock. */
const FOLD_LOCK_KEY = 7_262_024_118;

export interface TrendingWindows {
  /** Start of the previous window (inclusive), ms since the epoch, minute-aligned. */
  previousFrom: number;
  /** End of the previous window and start of the current one, minute-aligned. */
  from: number;
  /** End of the current window (exclusive), minute-aligned. */
  to: number;
}

/**
 * The windows read at `at`, in whole minutes: [⌈at⌉ − w, ⌈at⌉) and the one before it, w = windowMs rounded to whole
 * minutes (at least one). At a minute boundary this is exactly [at − windowMs, at); in between, both edges move up to
 * the next minute, so the current minute (what was just posted) always counts.
 */
export function trendingWindows(at: Date, windowMs: number): TrendingWindows {
  const window = Math.max(1, Math.round(windowMs / MINUTE_MS)) * MINUTE_MS;
  const to = Math.ceil(at.getTime() / MINUTE_MS) * MINUTE_MS;
  return { previousFrom: to - 2 * window, from: to - window, to };
}

export interface Span {
  span: 1 | typeof BLOCK_MINUTES;
  /** [from, to) in ms since the epoch. */
  from: number;
  to: number;
}

/** [from, to) (minute-aligned) as its whole blocks and the minutes before and after them. */
export function spansOf(from: number, to: number): Span[] {
  const blocksFrom = Math.ceil(from / BLOCK_MS) * BLOCK_MS;
  const blocksTo = Math.floor(to / BLOCK_MS) * BLOCK_MS;
  if (blocksFrom >= blocksTo) return from < to ? [{ span: 1, from, to }] : [];
  const spans: Span[] = [{ span: BLOCK_MINUTES, from: blocksFrom, to: blocksTo }];
  if (from < blocksFrom) spans.push({ span: 1, from, to: blocksFrom });
  if (blocksTo < to) spans.push({ span: 1, from: blocksTo, to });
  return spans;
}

const timestamp = (ms: number) => sql`${new Date(ms).toISOString()}::timestamptz`;

/** The folded activity `(start, topic, tweets, engagement)` in the windows: one primary-key range per span. */
function spanRows(windows: TrendingWindows): Fragment {
  const parts = [...spansOf(windows.previousFrom, windows.from), ...spansOf(windows.from, windows.to)].map(
    (part) => sql`
      select start, topic, tweets, engagement from topic_activity
      where span = ${part.span} and start >= ${timestamp(part.from)} and start < ${timestamp(part.to)}`,
  );
  return parts.length ? sql.join(parts, sql` union all `) : sql`select null::timestamptz, null::text, 0, 0 where false`;
}

/** The deltas not folded yet, as rows `(start, topic, tweets, engagement)` in the windows. */
function pendingRows(windows: TrendingWindows): Fragment {
  return sql`
    select minute as start, topic, tweets, engagement from topic_activity_delta
    where minute >= ${timestamp(windows.previousFrom)} and minute < ${timestamp(windows.to)}`;
}

/** Per topic `(topic, tweets, engagement, previous)` of activity rows already limited to the windows. */
function totalsOf(rows: Fragment, windows: TrendingWindows): Fragment {
  return sql`
    select
      topic,
      coalesce(sum(tweets) filter (where start >= ${timestamp(windows.from)}), 0)::int as tweets,
      coalesce(sum(engagement) filter (where start >= ${timestamp(windows.from)}), 0)::int as engagement,
      coalesce(sum(tweets) filter (where start < ${timestamp(windows.from)}), 0)::int as previous
    from (${rows}) as activity
    group by topic`;
}

/**
 * Rows `(topic, tweets, engagement, previous)` summing the windows, for ranking: the job's running totals plus the
 * deltas not folded yet when the totals are for these windows (`fromTotals`), else every span of the windows.
 */
export function windowTotals(windows: TrendingWindows, fromTotals: boolean): Fragment {
  const pending = totalsOf(pendingRows(windows), windows);
  return fromTotals
    ? sql`select topic, tweets, engagement, previous from topic_window_totals union all ${pending}`
    : sql`${totalsOf(spanRows(windows), windows)} union all ${pending}`;
}

export interface TotalsState {
  windowEnd: number;
  windowMinutes: number;
}

export const windowMinutesOf = (windows: TrendingWindows) => (windows.to - windows.from) / MINUTE_MS;

/** The job's totals sum exactly these windows. */
export const totalsMatch = (state: TotalsState | undefined, windows: TrendingWindows) =>
  state !== undefined && state.windowEnd === windows.to && state.windowMinutes === windowMinutesOf(windows);

const windowsEndingAt = (end: number, minutes: number): TrendingWindows => ({
  previousFrom: end - 2 * minutes * MINUTE_MS,
  from: end - minutes * MINUTE_MS,
  to: end,
});

/** Beyond this, moving the totals minute by minute costs more than summing the windows again. */
const MAX_STEP_MINUTES = 10;

/**
 * The job's step before computing `windows`: folds every delta into `topic_activity` (its minute and its block) and
 * into the running totals, then moves the totals to `windows` — by the minutes that crossed an edge (entering the
 * window, leaving it for the previous one, leaving that), or by summing the spans again after a jump, a change of
 * window or on the first run. An older slot than the totals' (a late run) only folds.
 * One transaction, serialized across the cluster: readers see the deltas either pending or folded, never both.
 */
export async function advanceTopicActivity(db: Database, windows: TrendingWindows): Promise<{ folded: number }> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${FOLD_LOCK_KEY})`);
    const [row] = await queryRows<{ window_end: Date | string; window_minutes: number }>(
      tx,
      sql`select window_end, window_minutes from topic_window_state where id = 1 for update`,
    );
    const state = row && { windowEnd: new Date(row.window_end).getTime(), windowMinutes: Number(row.window_minutes) };
    const kept = state && windowsEndingAt(state.windowEnd, state.windowMinutes);
    const [fold] = await queryRows<{ folded: number }>(
      tx,
      sql`
        with moved as (
          delete from topic_activity_delta returning minute, topic, tweets, engagement
        ),
        minutes as (
          select minute, topic, sum(tweets)::int as tweets, sum(engagement)::int as engagement
          from moved group by minute, topic
        ),
        spans as (
          insert into topic_activity (span, start, topic, tweets, engagement)
          select 1, minute, topic, tweets, engagement from minutes
          union all
          select ${BLOCK_MINUTES},
            date_bin(make_interval(mins => ${BLOCK_MINUTES}), minute, timestamptz '2000-01-01 00:00:00+00'),
            topic, sum(tweets)::int, sum(engagement)::int
          from minutes group by 2, 3
          on conflict (span, start, topic) do update
            set tweets = topic_activity.tweets + excluded.tweets,
                engagement = topic_activity.engagement + excluded.engagement
        )${
          kept
            ? sql`,
        totals as (
          insert into topic_window_totals (topic, tweets, engagement, previous)
          ${totalsOf(
            sql`select minute as start, topic, tweets, engagement from minutes
                where minute >= ${timestamp(kept.previousFrom)} and minute < ${timestamp(kept.to)}`,
            kept,
          )}
          on conflict (topic) do update
            set tweets = topic_window_totals.tweets + excluded.tweets,
                engagement = topic_window_totals.engagement + excluded.engagement,
                previous = topic_window_totals.previous + excluded.previous
        )`
            : sql``
        }
        select (select count(*) from moved)::int as folded`,
    );
    const minutes = windowMinutesOf(windows);
    const step = state ? (windows.to - state.windowEnd) / MINUTE_MS : Number.POSITIVE_INFINITY;
    if (state && kept && state.windowMinutes === minutes && step >= 0 && step <= Math.min(MAX_STEP_MINUTES, minutes)) {
      if (step > 0) {
        // Disjoint since step ≤ window: minutes entering the window, leaving it, leaving the previous one.
        const range = (from: number, to: number) =>
          sql`select start, topic, tweets, engagement from topic_activity
              where span = 1 and start >= ${timestamp(from)} and start < ${timestamp(to)}`;
        await tx.execute(sql`
          insert into topic_window_totals (topic, tweets, engagement, previous)
          select
            topic,
            coalesce(sum(tweets) filter (where start >= ${timestamp(kept.to)}), 0)
              - coalesce(sum(tweets) filter (where start >= ${timestamp(kept.from)} and start < ${timestamp(windows.from)}), 0),
            coalesce(sum(engagement) filter (where start >= ${timestamp(kept.to)}), 0)
              - coalesce(sum(engagement) filter (where start >= ${timestamp(kept.from)} and start < ${timestamp(windows.from)}), 0),
            coalesce(sum(tweets) filter (where start >= ${timestamp(kept.from)} and start < ${timestamp(windows.from)}), 0)
              - coalesce(sum(tweets) filter (where start < ${timestamp(windows.previousFrom)}), 0)
          from (
            ${range(kept.to, windows.to)} union all ${range(kept.from, windows.from)}
            union all ${range(kept.previousFrom, windows.previousFrom)}
          ) as crossing
          group by topic
          on conflict (topic) do update
            set tweets = topic_window_totals.tweets + excluded.tweets,
                engagement = topic_window_totals.engagement + excluded.engagement,
                previous = topic_window_totals.previous + excluded.previous`);
        await tx.execute(sql`delete from topic_window_totals where tweets = 0 and engagement = 0 and previous = 0`);
      }
    } else if (!state || step > 0 || state.windowMinutes !== minutes) {
      await tx.execute(sql`delete from topic_window_totals`);
      await tx.execute(sql`
        insert into topic_window_totals (topic, tweets, engagement, previous)
        select * from (${totalsOf(spanRows(windows), windows)}) as sums
        where tweets <> 0 or engagement <> 0 or previous <> 0`);
    } else {
      // An older slot than the totals': they stay where they are (its compute sums the spans).
      return { folded: Number(fold?.folded ?? 0) };
    }
    await tx.execute(sql`
      insert into topic_window_state (id, window_end, window_minutes) values (1, ${timestamp(windows.to)}, ${minutes})
      on conflict (id) do update set window_end = excluded.window_end, window_minutes = excluded.window_minutes`);
    return { folded: Number(fold?.folded ?? 0) };
  });
}

/**
 * Deletes the spans more than a block before the previous window (the block of margin keeps a late run of an older
 * slot exact; a late delta folded there later goes next time). Raising TRENDING_WINDOW_MS therefore starts the longer
 * windows from what was kept: their older part fills in over the next two windows, as on a fresh install.
 */
export async function pruneTopicActivity(db: Pick<Database, "execute">, windows: TrendingWindows): Promise<void> {
  const cutoff = Math.floor(windows.previousFrom / BLOCK_MS) * BLOCK_MS - BLOCK_MS;
  await db.execute(
    sql`delete from topic_activity where span in (1, ${BLOCK_MINUTES}) and start < ${timestamp(cutoff)}`,
  );
}
