ALTER TABLE "messages" ADD COLUMN "parts" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
-- Every stored message keeps its text, now as its one text part (an empty reply has none).
UPDATE "messages" SET "parts" = jsonb_build_array(jsonb_build_object('type', 'text', 'text', "content")) WHERE "content" <> '';
