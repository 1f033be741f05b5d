import { TRPCError } from "@trpc/server";
import { z } from "zod";

/**
 * Opaque keyset cursors: base64url JSON of the last row's sort key. A forged one must fail here, not in PostgreSQL:
 * every key is a uuid, and a date must be one PostgreSQL takes (it has no year 0, which JavaScript accepts).
 */
const cursorSchema = z.object({
  at: z.iso.datetime().refine((at) => new Date(at).getUTCFullYear() >= 1970, "a date out of range"),
  id: z.uuid(),
});
export type Cursor = { at: Date; id: string };

export const cursorInput = z.string().max(200).nullish();

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify({ at: cursor.at.toISOString(), id: cursor.id })).toString("base64url");
}

export function decodeCursor(raw: string | null | undefined): Cursor | undefined {
  if (!raw) return undefined;
  try {
    const parsed = cursorSchema.parse(JSON.parse(Buffer.from(raw, "base64url").toString("utf8")));
    return { at: new Date(parsed.at), id: parsed.id };
  } catch {
    throw new TRPCError({ code: "BAD_REQUEST", message: "Invalid input: cursor: not a cursor this API issued" });
  }
}

/** One page: `limit` rows and the cursor of the last one when more may follow. */
export function page<Row>(rows: Row[], limit: number, keyOf: (row: Row) => Cursor) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(keyOf(last)) : null };
}
