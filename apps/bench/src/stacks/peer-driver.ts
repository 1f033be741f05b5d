import type { NotifyRequest } from "../peers/protocol";
import type { ServerProcess } from "../util/child";

export const TARGET_USER = "bob";

/** The peers' mutation: POST /notify through the server, by driver `sample % drivers` (fetch, keep-alive). */
export async function notifyThrough(server: ServerProcess, sample: number, drivers: number): Promise<string> {
  const driver = sample % drivers;
  const key = `sample-${sample}`;
  const body: NotifyRequest = {
    to: TARGET_USER,
    key,
    actor: { id: `driver-${driver}`, username: `driver_${driver}`, displayName: `driver_${driver}` },
  };
  const response = await fetch(`${server.url}/notify`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok)
    throw new Error(`${server.label}: POST /notify answered ${response.status}: ${await response.text()}`);
  await response.arrayBuffer();
  return key;
}

export function idleUserId(user: number): string {
  return `idle-${user}`;
}
