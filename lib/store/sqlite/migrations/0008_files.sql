-- Files attached in conversations (issue 24): each file's bytes, its readable text (PDF pages separated by form feeds) and what it is, under its owner, deleted with its conversation (decision 0011).
CREATE TABLE `files` (
	`id` text PRIMARY KEY NOT NULL,
	`owner_id` text NOT NULL,
	`conversation_id` text NOT NULL,
	`name` text NOT NULL,
	`media_type` text NOT NULL,
	`size` integer NOT NULL,
	`sha256` text NOT NULL,
	`pages` integer,
	`text` text,
	`bytes` blob NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `files_conversation_idx` ON `files` (`conversation_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `files_owner_idx` ON `files` (`owner_id`);