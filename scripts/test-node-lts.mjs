#!/usr/bin/env node
// Proves the current Node LTS lines (issue 11, item 7): downloads Node 22 and 24 from the npm registry
// (node-<platform>-<arch> packages) into a temporary folder and runs a fast, I/O-light test subset with each.
// Part of `npm test`, so CI fails when the subset fails on either. Outside CI only, an unreachable registry skips it
// with a warning; in CI it fails the run.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const VERSIONS = ["22", "24"];
/** Pure logic and PGlite-backed suites: a minute or so per version, no Redis, no child servers, no browser. */
const FAST_SUBSET = [
  "packages/config",
  "packages/matching",
  "packages/api/src/auth",
  "packages/api/src/social",
  "packages/api/src/validation",
  "packages/api/src/router/social.test.ts",
];

const repoRoot = fileURLToPath(new URL("..", import.meta.url));
const inCi = ["1", "true"].includes(String(process.env.CI).toLowerCase());
const npmPackage = `node-${process.platform}-${process.arch}`;

function log(message) {
  process.stdout.write(`test-node-lts: ${message}\n`);
}

/** npm installs the binary as a package; one retry absorbs a registry hiccup. */
function installNode(version, prefix) {
  const args = ["install", "--prefix", prefix, `${npmPackage}@${version}`, "--no-save", "--no-audit", "--no-fund"];
  for (let attempt = 1; attempt <= 2; attempt++) {
    const result = spawnSync("npm", args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    if (result.status === 0) return join(prefix, "node_modules", npmPackage, "bin", "node");
    log(`installing ${npmPackage}@${version} failed (attempt ${attempt}):\n${result.stderr.trim().slice(-2_000)}`);
  }
  return undefined;
}

const workDir = mkdtempSync(join(tmpdir(), "pulse-node-lts-"));
let failed = false;
try {
  for (const version of VERSIONS) {
    const prefix = join(workDir, version);
    const node = installNode(version, prefix);
    if (!node) {
      const message = `could not install Node ${version} from the npm registry`;
      if (inCi) throw new Error(`${message}; in CI this fails the run`);
      log(
        `\n${"!".repeat(80)}\nWARNING: ${message}: Node ${version} NOT TESTED (allowed outside CI only)\n${"!".repeat(80)}`,
      );
      continue;
    }
    const printed = spawnSync(node, ["--version"], { encoding: "utf8" });
    log(`Node ${version}: ${printed.stdout.trim()} (${node})`);
    const started = performance.now();
    // Its own directory first on PATH, so anything a test spawns as `node` runs on the same version.
    const tests = spawnSync(node, ["node_modules/vitest/vitest.mjs", "run", ...FAST_SUBSET], {
      cwd: repoRoot,
      stdio: "inherit",
      env: { ...process.env, PATH: `${dirname(node)}${delimiter}${process.env.PATH ?? ""}` },
    });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    if (tests.status === 0) {
      log(`Node ${version}: fast subset passed in ${seconds} s`);
    } else {
      log(`Node ${version}: fast subset FAILED (exit ${tests.status ?? tests.signal}) after ${seconds} s`);
      failed = true;
    }
  }
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
if (failed) process.exit(1);
