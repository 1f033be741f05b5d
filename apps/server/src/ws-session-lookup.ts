import { type ApiDeps, type Context, createContext, type RequestMeta } from "@pulse/api";

const FIRST_RETRY_MS = 250;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A WebSocket's context, its session lookup retried with backoff while the database does not answer — for at most
 * `budgetMs` and only while `stillWanted()` — because a socket's session is resolved once for its whole life. The
 * result is still `sessionUnavailable` when the budget ran out: the caller then closes with TRY_AGAIN_LATER.
 */
export async function createWsContext(
  deps: ApiDeps,
  meta: RequestMeta,
  options: { budgetMs: number; stillWanted: () => boolean },
): Promise<Context> {
  const started = Date.now();
  let context = await createContext(deps, meta);
  for (let delay = FIRST_RETRY_MS; context.sessionUnavailable; delay *= 2) {
    if (Date.now() - started + delay > options.budgetMs || !options.stillWanted()) break;
    await sleep(delay);
    context = await createContext(deps, meta);
  }
  return context;
}
