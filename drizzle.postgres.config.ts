import { defineConfig } from "drizzle-kit";

/** `npm run db:generate` writes PostgreSQL migrations from the schema; the store applies them. */
export default defineConfig({
  dialect: "postgresql",
  schema: ["./lib/store/postgres/schema.ts", "./lib/store/postgres/accounts-schema.ts"],
  out: "./lib/store/postgres/migrations",
});
