/** Test helpers for reading a Prometheus text exposition. */

/** The value of one series, e.g. `pulse_ws_active_users` or `pulse_ws_subscriptions{path="feed.onNew"}`; 0 if absent. */
export function seriesValue(text: string, series: string): number {
  const line = text.split("\n").find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

/** GET /metrics of `baseUrl`, as text (throws on a non-200 answer). */
export async function scrape(baseUrl: string, token?: string): Promise<string> {
  const response = await fetch(`${baseUrl}/metrics`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  if (response.status !== 200) throw new Error(`/metrics answered ${response.status}`);
  return response.text();
}
