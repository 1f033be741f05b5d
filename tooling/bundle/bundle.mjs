#!/usr/bin/env node
// Compiles an app's entry points to plain JavaScript in dist/ for production (`node dist/main.js`): the @pulse/*
// workspaces (TypeScript source) are bundled in; every other package stays an import of node_modules. No
// keepNames: tsx's name-keeping wrappers cost memory per closure, and production has no use for them.
import { existsSync } from "node:fs";
import { cp, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { build } from "esbuild";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { outdir: { type: "string", default: "dist" }, copy: { type: "string", multiple: true, default: [] } },
});

/** "ws", "ws/lib/x" → "ws"; "@scope/name/x" → "@scope/name". */
function packageName(specifier) {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

/** Whether Node will find the package from the app's folder at run time (walking up node_modules as it does). */
function resolvableFromApp(name) {
  for (let dir = process.cwd(); ; dir = dirname(dir)) {
    if (existsSync(join(dir, "node_modules", name, "package.json"))) return true;
    if (dirname(dir) === dir) return false;
  }
}

/**
 * Bare imports of node_modules stay imports (resolved by Node at run time); workspace packages are compiled in, and
 * so is a dependency installed only under one workspace (a second version npm could not hoist), which the app's
 * folder would not find.
 */
const externalDependencies = {
  name: "external-dependencies",
  setup(esbuild) {
    esbuild.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith("node:") || args.path.startsWith("@pulse/")) return undefined;
      return resolvableFromApp(packageName(args.path)) ? { path: args.path, external: true } : undefined;
    });
  },
};

// "name=path" names an output file (dist/name.js); a bare path keeps its own name.
const entryPoints = positionals.map((entry) => {
  const [name, path] = entry.includes("=") ? entry.split("=") : [undefined, entry];
  return name ? { in: path, out: name } : path;
});

await rm(values.outdir, { recursive: true, force: true });
await build({
  entryPoints,
  outdir: values.outdir,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: true,
  logLevel: "warning",
  plugins: [externalDependencies],
});
// Runtime files the code finds next to itself (e.g. SQL migrations): "from:to" pairs relative to the app.
for (const pair of values.copy) {
  const [from, to] = pair.split(":");
  if (!from || !to) throw new Error(`--copy wants from:to, got ${pair}`);
  await cp(from, to, { recursive: true });
}
process.stdout.write(
  `bundled ${positionals.join(", ")} → ${fileURLToPath(new URL(values.outdir, `file://${process.cwd()}/`))}\n`,
);
