import { defineConfig } from "drizzle-kit";

/** `npm run db:generate` writes SQLite migrations from the schema; the store applies them. */
export default defineConfig({
  dialect: "sqlite",
  schema: ["./lib/store/sqlite/schema.ts", "./lib/store/sqlite/accounts-schema.ts"],
  out: "./lib/store/sqlite/migrations",
});
