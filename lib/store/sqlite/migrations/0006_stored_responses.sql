-- Stored responses of the Responses API (/v1/responses): each response under its owner, with the input items its request added and its output items, for previous_response_id, GET and input_items.
CREATE TABLE `response_items` (
	`response_id` text NOT NULL,
	`position` integer NOT NULL,
	`origin` text NOT NULL,
	`item_id` text NOT NULL,
	`item` text NOT NULL,
	PRIMARY KEY(`response_id`, `position`),
	FOREIGN KEY (`response_id`) REFERENCES `responses`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "response_items_origin_check" CHECK("response_items"."origin" in ('input', 'output'))
);
--> statement-breakpoint
CREATE INDEX `response_items_item_idx` ON `response_items` (`item_id`);--> statement-breakpoint
CREATE TABLE `responses` (
	`id` text PRIMARY KEY NOT NULL,
	`owner_id` text NOT NULL,
	`previous_response_id` text,
	`model` text NOT NULL,
	`status` text NOT NULL,
	`instructions` text,
	`metadata` text DEFAULT '{}' NOT NULL,
	`usage` text,
	`body` text NOT NULL,
	`created_at` integer NOT NULL,
	CONSTRAINT "responses_status_check" CHECK("responses"."status" in ('completed', 'incomplete', 'failed'))
);
--> statement-breakpoint
CREATE INDEX `responses_owner_idx` ON `responses` (`owner_id`,`created_at`);