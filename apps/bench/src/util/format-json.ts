import { execFile } from "node:child_process";
import { relative } from "node:path";
import { promisify } from "node:util";
import { progress } from "./log";
import { repoRoot } from "./paths";

/**
 * Formats a results file written inside the repository the way `biome check .` wants it, so committing it keeps
 * the lint green. Files elsewhere (--out /tmp/…) are left as written: Biome only formats under its root.
 */
export async function formatJson(file: string): Promise<void> {
  const inside = relative(repoRoot, file);
  if (inside.startsWith("..")) return;
  try {
    await promisify(execFile)(`${repoRoot}node_modules/.bin/biome`, ["format", "--write", inside], { cwd: repoRoot });
  } catch (error) {
    const firstLine = (error instanceof Error ? error.message : String(error)).split("\n")[0];
    progress(`could not format ${file} with biome: ${firstLine}`);
  }
}
