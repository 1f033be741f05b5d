import { performance } from "node:perf_hooks";

const startedAt = performance.now();

/** Progress lines go to stderr, so stdout holds only the results table. */
export function progress(message: string): void {
  const seconds = ((performance.now() - startedAt) / 1000).toFixed(1).padStart(6);
  process.stderr.write(`[${seconds} s] ${message}\n`);
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
