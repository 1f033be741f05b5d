import type { z } from "zod";

/** What a channel makes of a decoded message: the typed message, or why it is not one. */
export type ChannelParse<Message> = { ok: true; message: Message } | { ok: false; error: z.ZodError };

/**
 * A pub/sub channel and the contract of what travels on it. Publishers are typed by `Message`; whatever arrives
 * from Redis is checked against the schema before a listener sees it, so a message from an older or newer
 * instance, or anyone with PUBLISH rights, can be dropped and reported — never cast into a shape it does not have.
 */
export interface Channel<Message> {
  readonly name: string;
  parse(decoded: unknown): ChannelParse<Message>;
}

/**
 * Keeps the last result: a decoded message is one object handed to every local listener of its channel in turn,
 * so a channel with many listeners validates it once, not once per listener.
 */
function parseOnceEach<Message>(schema: z.ZodType<Message>): (decoded: unknown) => ChannelParse<Message> {
  let lastDecoded: unknown;
  let lastResult: ChannelParse<Message> | undefined;
  return (decoded) => {
    if (lastResult && decoded === lastDecoded) return lastResult;
    const result = schema.safeParse(decoded);
    lastDecoded = decoded;
    lastResult = result.success ? { ok: true, message: result.data } : { ok: false, error: result.error };
    return lastResult;
  };
}

/**
 * A family of channels sharing one message schema, named by `name` (one of `channelNames`): e.g. every user's
 * notification channel. The schema should describe plain JSON (no transforms), as that is what the wire carries.
 */
export function channelFamily<Args extends unknown[], Message>(
  schema: z.ZodType<Message>,
  name: (...args: Args) => string,
): (...args: Args) => Channel<Message> {
  const parse = parseOnceEach(schema);
  return (...args) => ({ name: name(...args), parse });
}
