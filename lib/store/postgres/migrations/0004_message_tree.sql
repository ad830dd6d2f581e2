ALTER TABLE "conversations" ADD COLUMN "current_leaf_id" text;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "parent_id" text;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_parent_id_messages_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "messages_parent_idx" ON "messages" USING btree ("parent_id");--> statement-breakpoint
-- Every stored conversation becomes a chain: each message follows the one before it, and the
-- conversation shows its last message. Nothing is lost.
UPDATE "messages" SET "parent_id" = (
  SELECT "p"."id" FROM "messages" AS "p"
  WHERE "p"."conversation_id" = "messages"."conversation_id" AND "p"."seq" < "messages"."seq"
  ORDER BY "p"."seq" DESC LIMIT 1
);--> statement-breakpoint
UPDATE "conversations" SET "current_leaf_id" = (
  SELECT "m"."id" FROM "messages" AS "m"
  WHERE "m"."conversation_id" = "conversations"."id"
  ORDER BY "m"."seq" DESC LIMIT 1
);
