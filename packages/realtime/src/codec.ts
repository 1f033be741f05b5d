/** The wire format of both buses, so the in-process bus behaves like Redis (no shared objects, Dates become strings). */
export function encode(message: unknown): string {
  const text = JSON.stringify(message);
  if (typeof text !== "string") throw new TypeError(`cannot publish ${typeof message}: it has no JSON form`);
  return text;
}

export function decode(text: string): unknown {
  return JSON.parse(text);
}
