/**
 * A pino `err` serializer that never writes query parameters: drizzle's DrizzleQueryError carries them in `params`
 * and at the end of its message ("Failed query: <sql>\nparams: …"), every wrapping error (TRPCError) repeats that
 * message, and PostgreSQL's `detail` echoes the row ("Failing row contains (…)", "Key (username)=(…)"). What an
 * operator needs stays: the error types, the SQL text with its placeholders, the PostgreSQL code and message.
 */

/** PostgreSQL error fields that name the failure and the schema object, never a value. */
const DATABASE_FIELDS = ["code", "severity", "routine", "schema", "table", "column", "dataType", "constraint"] as const;
/** Causes deeper than this are not followed (a cause chain is short; a cycle must not loop). */
const MAX_CAUSES = 4;

export interface SerializedError {
  type: string;
  message: string;
  stack?: string;
  query?: string;
  cause?: SerializedError;
  [field: string]: unknown;
}

/** Drops drizzle's parameter list and a value PostgreSQL quotes at the end of its message. */
export function withoutParameters(message: string): string {
  return message.replace(/\nparams: [\s\S]*$/, "").replace(/: "(?:[^"]|"")*"$/, ": [value omitted]");
}

/** Only the frames: the stack's first lines repeat the message, parameters included. */
function framesOf(error: Error): string | undefined {
  return error.stack
    ?.split("\n")
    .filter((line) => /^\s+at /.test(line))
    .join("\n");
}

function serialize(error: Error, depth: number): SerializedError {
  const type = error.constructor?.name || error.name || "Error";
  const message = withoutParameters(error.message);
  const fields = error as unknown as Record<string, unknown>;
  const serialized: SerializedError = { type, message, stack: framesOf(error) };
  for (const field of DATABASE_FIELDS) {
    if (typeof fields[field] === "string" || typeof fields[field] === "number") serialized[field] = fields[field];
  }
  if (typeof fields.query === "string") serialized.query = fields.query;
  if (error.cause instanceof Error && depth < MAX_CAUSES) {
    serialized.cause = serialize(error.cause, depth + 1);
    // A wrapper (TRPCError) repeats its cause's message: say it once, on the cause.
    if (serialized.cause.message === message) serialized.message = `(see cause)`;
  }
  return serialized;
}

/** For pino's `serializers: { err: serializeError }`; anything that is not an Error passes through. */
export function serializeError(value: unknown): unknown {
  return value instanceof Error ? serialize(value, 0) : value;
}
