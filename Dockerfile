# syntax=docker/dockerfile:1
# Pulse: one image for the server, the worker and the migration step (deploy/compose.yaml runs all three).
# The build stage runs scripts/build-production.sh, the same steps apps/server/src/production-build.test.ts proves in CI.

FROM node:22-slim AS build
WORKDIR /app
# The npm the lockfile was written with (package.json "packageManager"); node:22 ships an older one.
RUN npm install -g npm@11.19.1 --no-audit --no-fund
COPY . .
RUN --mount=type=cache,target=/root/.npm sh scripts/build-production.sh

FROM node:22-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    DATA_DIR=/data
WORKDIR /app
# Only what runs: production node_modules and the compiled apps (server and worker bundles, migrations, web app).
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/apps/server/package.json ./apps/server/
COPY --from=build /app/apps/server/dist ./apps/server/dist
COPY --from=build /app/apps/worker/package.json ./apps/worker/
COPY --from=build /app/apps/worker/dist ./apps/worker/dist
COPY --from=build /app/apps/web/dist ./apps/web/dist
# Embedded mode (no DATABASE_URL) keeps PGlite's files here; the image itself stays read-only to the process.
RUN mkdir /data && chown node:node /data
USER node
EXPOSE 3000
# node:*-slim has no curl: Node's own fetch asks /readyz (PostgreSQL and Redis reachable).
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/readyz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Exec form, no shell in between: node is PID 1 and gets the runtime's SIGTERM itself (graceful stop, exit 0).
CMD ["node", "apps/server/dist/main.js"]
