import { expect, test } from "vitest";
import { parseEnv } from "@/lib/env";
import { ChatStoreError } from "./chat-store-error";
import { parseDatabaseUrl } from "./database-url";

test("file: is SQLite, relative to the working directory or absolute", () => {
  expect(parseDatabaseUrl("file:./data/chat.db", "/srv/app")).toEqual({
    dialect: "sqlite",
    path: "/srv/app/data/chat.db",
  });
  expect(parseDatabaseUrl("file:chat.db", "/srv/app").dialect).toBe("sqlite");
  expect(parseDatabaseUrl("file:/var/lib/chat/chat.db")).toEqual({
    dialect: "sqlite",
    path: "/var/lib/chat/chat.db",
  });
  expect(parseDatabaseUrl("file:///var/lib/my%20chat/chat.db")).toEqual({
    dialect: "sqlite",
    path: "/var/lib/my chat/chat.db",
  });
});

test("postgres:// and postgresql:// are PostgreSQL", () => {
  for (const url of ["postgres://u:p@db:5432/chat", "postgresql://db/chat?sslmode=require"]) {
    expect(parseDatabaseUrl(url)).toEqual({ dialect: "postgres", url });
  }
});

test("anything else is refused with the forms it could take", () => {
  for (const bad of ["mysql://db/chat", "file:", "chat.db", "file:x.db?mode=ro"]) {
    expect(() => parseDatabaseUrl(bad)).toThrow(ChatStoreError);
  }
});

test("DATABASE_URL defaults to a SQLite file under ./data and is checked at start-up", () => {
  expect(parseEnv({}).DATABASE_URL).toBe("file:./data/chat.db");
  expect(parseEnv({ DATABASE_URL: "postgres://db/chat" }).DATABASE_URL).toBe("postgres://db/chat");
  expect(() => parseEnv({ DATABASE_URL: "mysql://db/chat" })).toThrow("DATABASE_URL");
});
