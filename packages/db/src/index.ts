// Re-exported so that every package builds queries with the same drizzle-orm instance.
export type { SQL } from "drizzle-orm";
export { and, asc, count, desc, eq, gt, gte, inArray, isNotNull, isNull, lt, lte, ne, or, sql } from "drizzle-orm";
export {
  createDatabase,
  type Database,
  type DatabaseHandle,
  type DatabaseOptions,
  queryRows,
  queryRowsPrepared,
  type Schema,
  type Transaction,
} from "./client";
export { builtOncePerDatabase } from "./prepared";
export * from "./schema";
