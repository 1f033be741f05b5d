import { uuid } from "drizzle-orm/pg-core";
import { v7 as uuidv7 } from "uuid";

/** Time-ordered UUIDv7 primary key: sorting by id is sorting by creation, which keyset cursors rely on. */
export const idColumn = () =>
  uuid("id")
    .primaryKey()
    .$defaultFn(() => uuidv7());

export const newId = (): string => uuidv7();
