/**
 * Builds the publishable package into dist/: ESM and CommonJS bundles (with @pulse/protocol compiled in; @trpc/* and
 * ws stay imports of the consumer's own copies) and one self-contained declaration file per entry, in which the
 * router's types are plain structures. Fails if a declaration names a server-side package.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { generateDtsBundle } from "dts-bundle-generator";
import { type BuildOptions, build } from "esbuild";
import { emitAppRouterDeclaration } from "./emit-app-router";

const packageDir = dirname(dirname(fileURLToPath(import.meta.url)));
const dist = join(packageDir, "dist");
const entries = ["index"];
const external = ["@trpc/client", "@trpc/server", "ws"];
/** The only modules the published declarations may import: a consumer needs nothing of the server's. */
const allowedTypeImports = new Set(["@trpc/client", "@trpc/server"]);

function importedModules(declaration: string): string[] {
  const specifiers = declaration.matchAll(/(?:from\s+|import\s*\(\s*|reference\s+types=)["']([^"']+)["']/g);
  return [...specifiers].map((match) => match[1] ?? "");
}

rmSync(dist, { recursive: true, force: true });
mkdirSync(join(packageDir, ".build"), { recursive: true });
writeFileSync(
  join(packageDir, ".build/app-router.d.ts"),
  emitAppRouterDeclaration(join(packageDir, "../api/src/index.ts")),
);

const declarations = generateDtsBundle(
  entries.map((entry) => ({
    filePath: join(packageDir, `src/${entry}.ts`),
    libraries: { importedLibraries: ["@trpc/client", "@trpc/server"] },
    output: { noBanner: true, exportReferencedTypes: false },
  })),
  { preferredConfigPath: join(packageDir, "tsconfig.build.json") },
);
mkdirSync(dist, { recursive: true });
entries.forEach((entry, index) => {
  const declaration = declarations[index] ?? "";
  const strays = importedModules(declaration).filter((specifier) => !allowedTypeImports.has(specifier));
  if (strays.length > 0) throw new Error(`dist/${entry}.d.ts imports ${strays.join(", ")}: it must stand alone`);
  // One declaration serves both formats; .d.cts tells TypeScript it describes the CommonJS file.
  writeFileSync(join(dist, `${entry}.d.ts`), declaration);
  writeFileSync(join(dist, `${entry}.d.cts`), declaration);
});

const shared: BuildOptions = {
  entryPoints: entries.map((entry) => ({ in: join(packageDir, `src/${entry}.ts`), out: entry })),
  outdir: dist,
  bundle: true,
  platform: "neutral",
  mainFields: ["module", "main"],
  target: "es2022",
  external,
  sourcemap: true,
  logLevel: "warning",
};
await build({ ...shared, format: "esm", outExtension: { ".js": ".js" } });
// CommonJS has no import.meta; the client reads __filename there instead.
await build({ ...shared, format: "cjs", outExtension: { ".js": ".cjs" }, define: { "import.meta.url": "undefined" } });
