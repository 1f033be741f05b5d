import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const server = "http://localhost:3000";

export default defineConfig({
  plugins: [react()],
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
