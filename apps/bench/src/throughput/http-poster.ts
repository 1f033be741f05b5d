import { Agent, request } from "node:http";

export interface PostResult {
  status: number;
  text: string;
}

export interface Poster {
  /** POSTs `body` (already JSON) to `url`; rejects on a connection error or after the timeout. */
  post(url: string, body: string, headers?: Record<string, string>): Promise<PostResult>;
  close(): void;
}

const REQUEST_TIMEOUT_MS = 10_000;

/**
 * The load generator's HTTP side: node:http with a keep-alive agent and at most `maxSockets` connections per server
 * (requests beyond that queue in the agent, and that wait counts in their latency, as a real client's would).
 * Plain http.request rather than a tRPC client: the tRPC wire format has no transformer, so a mutation is a POST of
 * its input as JSON.
 */
export function createPoster(maxSockets: number): Poster {
  const agent = new Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  return {
    post(url, body, headers = {}) {
      return new Promise((resolve, reject) => {
        const req = request(
          url,
          {
            method: "POST",
            agent,
            headers: {
              "content-type": "application/json",
              "content-length": Buffer.byteLength(body),
              ...headers,
            },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (chunk: Buffer) => chunks.push(chunk));
            res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
            res.on("error", reject);
          },
        );
        req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error(`no response within ${REQUEST_TIMEOUT_MS} ms`)));
        req.on("error", reject);
        req.end(body);
      });
    },
    close: () => agent.destroy(),
  };
}
