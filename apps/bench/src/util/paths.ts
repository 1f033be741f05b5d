import { fileURLToPath } from "node:url";

/** The monorepo root (servers are started from there, as `npm start` does). */
export const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));
/** apps/bench */
export const benchRoot = fileURLToPath(new URL("../../", import.meta.url));
