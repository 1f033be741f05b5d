#!/bin/sh
# The production build, as the Dockerfile's build stage and apps/server/src/production-build.test.ts run it: install
# everything, compile, then drop what only building needs. Afterwards `node apps/*/dist/*.js` is all that runs.
set -eu
cd "$(dirname "$0")/.."

echo "production-build: npm-ci"
npm ci --no-audit --no-fund
echo "production-build: npm-run-build"
npm run build
echo "production-build: npm-prune"
npm prune --omit=dev --no-audit --no-fund
# TypeScript survives the prune only as @trpc/server's (type-level) peer dependency; nothing loads it at run time.
rm -rf node_modules/typescript node_modules/.bin/tsc node_modules/.bin/tsserver
echo "production-build: done"
