import { relations } from "drizzle-orm";
import { account, apikey, session, user } from "./accounts-schema";

// Better Auth's joins (a session with its person in one query) read these relations.
export const userRelations = relations(user, ({ many }) => ({
  sessions: many(session),
  accounts: many(account),
  apikeys: many(apikey),
}));
export const sessionRelations = relations(session, ({ one }) => ({
  user: one(user, { fields: [session.userId], references: [user.id] }),
}));
export const accountRelations = relations(account, ({ one }) => ({
  user: one(user, { fields: [account.userId], references: [user.id] }),
}));
export const apikeyRelations = relations(apikey, ({ one }) => ({
  user: one(user, { fields: [apikey.referenceId], references: [user.id] }),
}));
