import { defineConfig } from "drizzle-kit";

// Generation only compares the schema with the committed migrations; it never connects to a database.
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/schema/index.ts",
  out: "./migrations",
});
