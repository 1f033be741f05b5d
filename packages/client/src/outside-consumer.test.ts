import { execFile, spawn } from "node:child_process";
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { type ServerProcess, startServerProcess, stopServerProcess } from "@pulse/test-processes";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createPulseClient } from "./index";

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));
const fixtures = fileURLToPath(new URL("./outside-consumer", import.meta.url));
const TRPC_VERSION = "11.19.0";
/** What the web app uses: the React entry's optional peers, installed only in the React consumer. */
const reactDependencies = {
  "@tanstack/react-query": "5.108.0",
  "@trpc/react-query": TRPC_VERSION,
  react: "19.3.1",
  "react-dom": "19.3.1",
};
const serverOnlyPackages = ["drizzle-orm", "pg", "bullmq", "@electric-sql/pglite", "ioredis", "zod"];

/** The environment of a shell outside this repository: no npm_* variables from the npm that started the tests. */
const outsideEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));

async function inConsumer(consumer: string, command: string, args: string[]) {
  try {
    return await run(command, args, { cwd: consumer, env: outsideEnv, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const { stdout = "", stderr = "" } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(" ")} failed:\n${stdout}${stderr}`, { cause: error });
  }
}

/** Every package name installed anywhere under node_modules, nested ones included. */
async function installedPackages(nodeModules: string): Promise<string[]> {
  const names: string[] = [];
  for (const entry of await readdir(nodeModules, { withFileTypes: true }).catch(() => [])) {
    if (!entry.isDirectory() || entry.name.startsWith(".")) continue;
    const scoped = entry.name.startsWith("@");
    const packages = scoped
      ? (await readdir(join(nodeModules, entry.name))).map((n) => `${entry.name}/${n}`)
      : [entry.name];
    for (const name of packages) {
      names.push(name, ...(await installedPackages(join(nodeModules, name, "node_modules"))));
    }
  }
  return names;
}

/**
 * Packs @pulse/client (built by turbo: rebuilt only when the client or the router changed) into a new project in the
 * temp directory, with these fixtures and dependencies, and installs it there: no hoisted node_modules to lean on.
 */
async function createConsumer(fixtureFiles: string[], extra: { dependencies?: object; devDependencies?: object }) {
  await run("npx", ["turbo", "run", "build", "--filter=@pulse/client", "--output-logs=errors-only"], {
    cwd: repoRoot,
  });
  const consumer = await mkdtemp(join(tmpdir(), "pulse-consumer-"));
  const [packed] = JSON.parse(
    (await run("npm", ["pack", "--json", "--pack-destination", consumer, "-w", "@pulse/client"], { cwd: repoRoot }))
      .stdout,
  ) as { filename: string; files: { path: string }[] }[];
  if (!packed) throw new Error("npm pack printed nothing");
  await mkdir(join(consumer, "src"));
  for (const file of fixtureFiles) await copyFile(join(fixtures, file), join(consumer, "src", file));
  const strict = { strict: true, target: "ES2022", skipLibCheck: true, types: ["node"], lib: ["ES2022", "DOM"] };
  const manifest = {
    name: "pulse-consumer",
    private: true,
    type: "module",
    dependencies: {
      "@pulse/client": `file:./${packed.filename}`,
      "@trpc/client": TRPC_VERSION,
      "@trpc/server": TRPC_VERSION,
      ws: "8.23.0",
      ...extra.dependencies,
    },
    devDependencies: { "@types/node": "20.19.43", typescript: "5.9.3", ...extra.devDependencies },
  };
  await writeFile(join(consumer, "package.json"), JSON.stringify(manifest, null, 2));
  await writeFile(
    join(consumer, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: { ...strict, module: "nodenext", moduleResolution: "nodenext", outDir: "dist" },
      include: ["src"],
    }),
  );
  await writeFile(
    join(consumer, "tsconfig.bundler.json"),
    JSON.stringify({
      compilerOptions: { ...strict, module: "preserve", moduleResolution: "bundler", noEmit: true },
      include: ["src"],
    }),
  );
  await inConsumer(consumer, "npm", ["install", "--prefer-offline", "--no-audit", "--no-fund"]);
  return { consumer, packedFiles: packed.files.map((file) => file.path) };
}

describe("@pulse/client installed from its tarball in a project outside the monorepo", { timeout: 600_000 }, () => {
  let consumer: string;
  let server: ServerProcess;
  let dataDir: string | undefined;

  beforeAll(async () => {
    // service.ts runs on node; type-errors.ts must fail where it says; require-check.cts loads the CommonJS build.
    const created = await createConsumer(["service.ts", "type-errors.ts", "require-check.cts"], {});
    consumer = created.consumer;
    expect(created.packedFiles.sort()).toEqual(
      expect.arrayContaining(["CHANGELOG.md", "LICENSE", "README.md", "dist/index.cjs", "dist/index.d.cts"]),
    );
    expect(created.packedFiles).toEqual(expect.arrayContaining(["dist/react.js", "dist/react.cjs", "dist/react.d.ts"]));
    expect(
      created.packedFiles.filter((path) => !/^(dist\/|CHANGELOG|LICENSE|README|package\.json)/.test(path)),
    ).toEqual([]);
    // The real server as a process (embedded mode): a package never imports an app.
    dataDir = await mkdtemp(join(tmpdir(), "pulse-client-server-"));
    server = await startServerProcess(["node", "--import", "tsx", "apps/server/src/main.ts"], {
      PORT: "0",
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      SEED_DEMO: "false",
      LOG_LEVEL: "warn",
    });
  });

  afterAll(async () => {
    if (server) await stopServerProcess(server);
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
    if (consumer) await rm(consumer, { recursive: true, force: true });
  });

  it("installs without any server-side package", async () => {
    const installed = await installedPackages(join(consumer, "node_modules"));
    expect(installed).toContain("@pulse/client");
    expect(installed.filter((name) => name.startsWith("@pulse/") && name !== "@pulse/client")).toEqual([]);
    expect(installed.filter((name) => serverOnlyPackages.includes(name))).toEqual([]);
    // The React entry's peers are optional: the root entry installs, compiles and runs (below) without them.
    expect(installed.filter((name) => name in reactDependencies)).toEqual([]);
    const total = (await inConsumer(consumer, "du", ["-sh", "node_modules"])).stdout.trim();
    // What the service needs at run time, without its compiler (typescript, @types/node).
    const runtimeDirs = ["node_modules/@pulse", "node_modules/@trpc", "node_modules/ws"];
    const runtime = (await inConsumer(consumer, "du", ["-shc", ...runtimeDirs])).stdout.trim().split("\n").at(-1);
    const manifest = await readFile(join(consumer, "package.json"), "utf8");
    console.log(`consumer install size: ${total} (run-time packages: ${runtime})\nconsumer package.json:\n${manifest}`);
  });

  it("typechecks under strict bundler and nodenext resolution, with wrong calls as type errors", async () => {
    // type-errors.ts is in both: each of its @ts-expect-error lines must be a real error, or tsc fails.
    await inConsumer(consumer, "npx", ["tsc", "-p", "tsconfig.bundler.json"]);
    await inConsumer(consumer, "npx", ["tsc", "-p", "tsconfig.json"]);
  });

  it("fails to typecheck a service that calls a procedure wrongly", async () => {
    await writeFile(
      join(consumer, "src", "wrong.ts"),
      'import { createPulseClient } from "@pulse/client";\n' +
        'void createPulseClient({ url: "x" }).trpc.tweet.create.mutate({ content: 42 });\n',
    );
    const failure = await inConsumer(consumer, "npx", ["tsc", "-p", "tsconfig.bundler.json"]).catch((e: unknown) => e);
    await rm(join(consumer, "src", "wrong.ts"));
    expect(String(failure)).toMatch(/wrong\.ts.*TS2322/);
  });

  it("loads through require() from a CommonJS module", async () => {
    const { stdout } = await inConsumer(consumer, "node", ["dist/require-check.cjs"]);
    expect(JSON.parse(stdout)).toEqual({ sessionEnded: 4001, delay: true });
  });

  it("runs on plain node against a live server and receives a notification", async () => {
    const anonymous = createPulseClient({ url: server.url });
    const password = "correct horse battery";
    const alice = await anonymous.trpc.auth.signup.mutate({ username: "alice", password });
    const bob = await anonymous.trpc.auth.signup.mutate({ username: "bob", password });

    const service = spawn("node", ["dist/service.js", server.url, "bob", password], { cwd: consumer, env: outsideEnv });
    let stdout = "";
    let stderr = "";
    service.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk;
    });
    service.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk;
    });
    const exited = new Promise<number | null>((resolve) => service.on("exit", resolve));
    try {
      await vi.waitFor(() => expect(stdout, stderr).toContain('{"subscribed":"bob"}'), { timeout: 30_000 });
      const aliceClient = createPulseClient({ url: server.url, token: alice.token });
      await aliceClient.trpc.user.follow.mutate({ userId: bob.user.id });
      // The service closes its socket after the FOLLOW; with nothing left to do, node exits by itself.
      const stillRunning = new Promise((resolve) => setTimeout(resolve, 20_000, "still running")).then(String);
      expect(await Promise.race([exited, stillRunning]), stderr).toBe(0);
      const lines = stdout
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line) as unknown);
      expect(lines).toContainEqual({ id: expect.any(String), kind: "FOLLOW", from: "alice" });
      aliceClient.close();
    } finally {
      service.kill();
      anonymous.close();
    }
  });
});

describe("@pulse/client/react in a React project outside the monorepo", { timeout: 600_000 }, () => {
  let consumer: string;

  beforeAll(async () => {
    ({ consumer } = await createConsumer(["react-hooks.ts"], {
      dependencies: reactDependencies,
      devDependencies: { "@types/react": "19.3.0" },
    }));
  });

  afterAll(async () => {
    if (consumer) await rm(consumer, { recursive: true, force: true });
  });

  it("typechecks the hooks under strict bundler and nodenext resolution, with wrong inputs as type errors", async () => {
    // Each @ts-expect-error in react-hooks.ts must be a real error, or tsc fails on the unused directive.
    await inConsumer(consumer, "npx", ["tsc", "-p", "tsconfig.bundler.json"]);
    await inConsumer(consumer, "npx", ["tsc", "-p", "tsconfig.json", "--noEmit"]);
  });

  it("fails to typecheck a hook called with a wrong input", async () => {
    await writeFile(
      join(consumer, "src", "wrong.ts"),
      'import { createPulseReact } from "@pulse/client/react";\n' +
        "export const useWrong = () => createPulseReact().user.get.useQuery({ username: 42 });\n",
    );
    const failure = await inConsumer(consumer, "npx", ["tsc", "-p", "tsconfig.bundler.json"]).catch((e: unknown) => e);
    await rm(join(consumer, "src", "wrong.ts"));
    expect(String(failure)).toMatch(/wrong\.ts.*TS2322/);
  });
});
