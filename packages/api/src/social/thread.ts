import { type Database, sql, tweets } from "@pulse/db";
import { selectTweets, toTweet } from "./tweets";

/**
 * What one `tweet.thread` may return: the ancestors nearest the focus, and the first replies breadth-first (a whole
 * level before the next, oldest first within a level). Replies deeper than `replyDepth` levels are not read.
 */
export const THREAD_BOUNDS: ThreadBounds = { ancestors: 50, replies: 200, replyDepth: 100 };

export interface ThreadBounds {
  ancestors: number;
  replies: number;
  replyDepth: number;
}

/**
 * The ids of a thread in one statement: the focus and its ancestors (depth-bounded walk up the reply chain), then
 * its replies walked down level by level. A recursive CTE is evaluated on demand, so the LIMIT stops the walk down
 * once one reply more than the bound is found (that one only says "there is more"), however wide the tree.
 */
function threadIds(focusId: string, bounds: ThreadBounds) {
  return sql`
    with recursive
      up (id, reply_to_id, depth) as (
        select ${tweets.id}, ${tweets.replyToId}, 0 from ${tweets} where ${tweets.id} = ${focusId}
        union all
        select parent.id, parent.reply_to_id, up.depth + 1
        from up join ${tweets} parent on parent.id = up.reply_to_id
        where up.depth < ${bounds.ancestors}
      ),
      down (id, depth) as (
        select ${tweets.id}, 1 from ${tweets} where ${tweets.replyToId} = ${focusId}
        union all
        select reply.id, down.depth + 1
        from down join ${tweets} reply on reply.reply_to_id = down.id
        where down.depth < ${bounds.replyDepth}
      )
    select id from up
    union all
    (select id from down limit ${bounds.replies + 1})`;
}

type Row = Awaited<ReturnType<ReturnType<typeof selectTweets>["execute"]>>[number];

function byDepthThenAge(depthOf: Map<string, number>) {
  return (a: Row, b: Row) =>
    (depthOf.get(a.id) ?? 0) - (depthOf.get(b.id) ?? 0) ||
    a.createdAt.getTime() - b.createdAt.getTime() ||
    a.id.localeCompare(b.id);
}

/** The thread around a tweet, or undefined when there is no such tweet. */
export async function readThread(db: Database, focusId: string, bounds = THREAD_BOUNDS) {
  const rows = await selectTweets(db).innerJoin(
    sql`(${threadIds(focusId, bounds)}) as thread`,
    sql`thread.id = ${tweets.id}`,
  );
  const byId = new Map(rows.map((row) => [row.id, row]));
  const focus = byId.get(focusId);
  if (!focus) return undefined;

  const ancestors: Row[] = [];
  for (let parent = byId.get(focus.replyToId ?? ""); parent; parent = byId.get(parent.replyToId ?? "")) {
    ancestors.unshift(parent);
    if (ancestors.length === bounds.ancestors) break;
  }

  // Every reply read has its parent among the rows read before it (the walk goes level by level).
  const depthOf = new Map<string, number>([[focus.id, 0]]);
  const inAncestors = new Set(ancestors.map((row) => row.id));
  const found = rows.filter((row) => row !== focus && !inAncestors.has(row.id));
  const depth = (row: Row): number => {
    const known = depthOf.get(row.id);
    if (known !== undefined) return known;
    const parent = byId.get(row.replyToId ?? "");
    const value = parent ? depth(parent) + 1 : bounds.replyDepth;
    depthOf.set(row.id, value);
    return value;
  };
  for (const row of found) depth(row);
  const replies = found.sort(byDepthThenAge(depthOf)).slice(0, bounds.replies);

  return {
    ancestors: ancestors.map(toTweet),
    tweet: toTweet(focus),
    replies: replies.map(toTweet),
    /** What the bounds left out: older ancestors, or more (or deeper) replies than one response carries. */
    truncated: {
      ancestors: (ancestors[0] ?? focus).replyToId !== null,
      replies:
        found.length > bounds.replies ||
        replies.some((row) => depthOf.get(row.id) === bounds.replyDepth && row.replyCount > 0),
    },
  };
}
