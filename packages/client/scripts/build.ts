/**
 * Builds the publishable package into dist/: ESM and CommonJS bundles (with @pulse/protocol compiled in; @trpc/* and
 * ws stay imports of the consumer's own copies, and for the React entry react, @tanstack/react-query and
 * @trpc/react-query) and one self-contained declaration file per entry, in which the router's types are plain
 * structures. Fails if a declaration names a server-side package, or a bundle imports anything but its peers.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { generateDtsBundle } from "dts-bundle-generator";
import { type BuildOptions, build } from "esbuild";
import { emitAppRouterDeclaration } from "./emit-app-router";

const packageDir = dirname(dirname(fileURLToPath(import.meta.url)));
const dist = join(packageDir, "dist");
const trpcPackages = ["@trpc/client", "@trpc/server"];
const reactPackages = ["react", "@tanstack/react-query", "@trpc/react-query"];
/**
 * Each entry: its source, what stays an import of the consumer's own copy (peer dependencies), and the only modules
 * its declaration may import (a consumer needs nothing of the server's, and the root entry nothing of React's).
 */
const entries = [
  { name: "index", source: "src/index.ts", external: [...trpcPackages, "ws"], typeImports: trpcPackages },
  {
    name: "react",
    source: "src/react/index.ts",
    external: [...trpcPackages, "ws", ...reactPackages],
    typeImports: [...trpcPackages, ...reactPackages],
  },
];

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
    filePath: join(packageDir, entry.source),
    libraries: { importedLibraries: entry.typeImports },
    output: { noBanner: true, exportReferencedTypes: false },
  })),
  { preferredConfigPath: join(packageDir, "tsconfig.build.json") },
);
mkdirSync(dist, { recursive: true });
entries.forEach((entry, index) => {
  const declaration = declarations[index] ?? "";
  const allowed = new Set(entry.typeImports);
  const strays = importedModules(declaration).filter((specifier) => !allowed.has(specifier));
  if (strays.length > 0) throw new Error(`dist/${entry.name}.d.ts imports ${strays.join(", ")}: it must stand alone`);
  // One declaration serves both formats; .d.cts tells TypeScript it describes the CommonJS file.
  writeFileSync(join(dist, `${entry.name}.d.ts`), declaration);
  writeFileSync(join(dist, `${entry.name}.d.cts`), declaration);
});

for (const entry of entries) {
  const shared: BuildOptions = {
    entryPoints: [{ in: join(packageDir, entry.source), out: entry.name }],
    outdir: dist,
    bundle: true,
    platform: "neutral",
    mainFields: ["module", "main"],
    target: "es2022",
    external: entry.external,
    sourcemap: true,
    logLevel: "warning",
    metafile: true,
  };
  const esm = await build({ ...shared, format: "esm", outExtension: { ".js": ".js" } });
  // CommonJS has no import.meta; the client reads __filename there instead.
  await build({
    ...shared,
    format: "cjs",
    outExtension: { ".js": ".cjs" },
    define: { "import.meta.url": "undefined" },
  });
  // The root entry must load without the optional React peers: only its own externals may stay imports.
  const imports = Object.values(esm.metafile.outputs).flatMap((output) => output.imports.map((item) => item.path));
  const strays = imports.filter((path) => !entry.external.includes(path));
  if (strays.length > 0) throw new Error(`dist/${entry.name}.js imports ${strays.join(", ")}`);
}
