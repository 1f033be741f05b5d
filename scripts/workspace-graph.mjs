#!/usr/bin/env node
// Prints the dependency graph between the workspaces as a Mermaid flowchart, read from their package.json files
// (dependencies and devDependencies on @pulse/* packages; the shared tsconfig is left out: every workspace has it).
// `node scripts/workspace-graph.mjs [git revision]`: the working tree by default, or the graph at a commit.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

const revision = process.argv[2];
const read = (path) =>
  revision ? execFileSync("git", ["show", `${revision}:${path}`], { encoding: "utf8" }) : readFileSync(path, "utf8");
const list = (dir) =>
  revision
    ? execFileSync("git", ["ls-tree", "--name-only", `${revision}:${dir}`], { encoding: "utf8" }).split("\n")
    : readdirSync(dir);

const IGNORED = new Set(["@pulse/tsconfig"]);
const workspaces = [];
for (const dir of ["apps", "packages", "tooling"]) {
  for (const name of list(dir).filter(Boolean)) {
    let manifest;
    try {
      manifest = JSON.parse(read(`${dir}/${name}/package.json`));
    } catch {
      continue;
    }
    if (IGNORED.has(manifest.name)) continue;
    const deps = (section) => Object.keys(manifest[section] ?? {}).filter((dep) => dep.startsWith("@pulse/"));
    workspaces.push({
      id: manifest.name.replace("@pulse/", "").replace(/-/g, "_"),
      label: `${dir}/${name}`,
      runtime: deps("dependencies").filter((dep) => !IGNORED.has(dep)),
      dev: deps("devDependencies").filter((dep) => !IGNORED.has(dep)),
    });
  }
}
const idOf = (name) => name.replace("@pulse/", "").replace(/-/g, "_");
const lines = ["flowchart TD"];
for (const workspace of workspaces) lines.push(`  ${workspace.id}["${workspace.label}"]`);
for (const workspace of workspaces) {
  for (const dep of workspace.runtime) lines.push(`  ${workspace.id} --> ${idOf(dep)}`);
  for (const dep of workspace.dev) lines.push(`  ${workspace.id} -.->|dev| ${idOf(dep)}`);
}
console.log(lines.join("\n"));
