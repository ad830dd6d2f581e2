-- Stored responses of the Responses API (/v1/responses): each response under its owner, with the input items its request added and its output items, for previous_response_id, GET and input_items.
CREATE TABLE "response_items" (
	"response_id" text NOT NULL,
	"position" integer NOT NULL,
	"origin" text NOT NULL,
	"item_id" text NOT NULL,
	"item" jsonb NOT NULL,
	CONSTRAINT "response_items_response_id_position_pk" PRIMARY KEY("response_id","position"),
	CONSTRAINT "response_items_origin_check" CHECK ("response_items"."origin" in ('input', 'output'))
);
--> statement-breakpoint
CREATE TABLE "responses" (
	"id" text PRIMARY KEY NOT NULL,
	"owner_id" text NOT NULL,
	"previous_response_id" text,
	"model" text NOT NULL,
	"status" text NOT NULL,
	"instructions" text,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"usage" jsonb,
	"body" jsonb NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "responses_status_check" CHECK ("responses"."status" in ('completed', 'incomplete', 'failed'))
);
--> statement-breakpoint
ALTER TABLE "response_items" ADD CONSTRAINT "response_items_response_id_responses_id_fk" FOREIGN KEY ("response_id") REFERENCES "public"."responses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "response_items_item_idx" ON "response_items" USING btree ("item_id");--> statement-breakpoint
CREATE INDEX "responses_owner_idx" ON "responses" USING btree ("owner_id","created_at");