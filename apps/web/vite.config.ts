import react from "@vitejs/plugin-react";
import { defaultClientConditions, defineConfig } from "vite";
import { compression, defineAlgorithm } from "vite-plugin-compression2";

const server = "http://localhost:3000";

export default defineConfig({
  plugins: [
    react(),
    // `.br` and `.gz` siblings written once at build time: the server sends them as they are (no compression work
    // per request) to clients that accept them. The originals stay for clients that accept neither.
    compression({
      include: /\.(js|css|html|svg|json|txt)$/,
      threshold: 0,
      algorithms: [defineAlgorithm("brotliCompress"), defineAlgorithm("gzip", { level: 9 })],
    }),
  ],
  // Workspace packages that publish a build (@pulse/client) resolve to their TypeScript source here, as in the tests
  // and the typecheck: dev needs no rebuild of the client, and the build does not depend on its dist/.
  resolve: { conditions: ["@pulse/source", ...defaultClientConditions] },
  build: { outDir: "dist" },
  server: {
    port: 5173,
    strictPort: true,
    // Proxying keeps the API same-origin in dev, so the HttpOnly session cookie
    // is sent on both fetches and the WebSocket upgrade. The Host header is left
    // unchanged on purpose, so server-side Origin checks see a consistent origin.
    proxy: {
      "/trpc": { target: server, ws: true },
      "/healthz": { target: server },
    },
  },
});
