// The one place the client names the router. Inside the monorepo this is the server's own type; the published
// build maps "@pulse/api" to a declaration generated from it (scripts/emit-app-router.ts), so the bundle carries
// the router's types as plain structures and no server package.
export type { AppRouter } from "@pulse/api";
