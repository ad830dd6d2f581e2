DROP INDEX `file_chunks_conversation_idx`;--> statement-breakpoint
DROP INDEX `file_chunks_file_idx`;--> statement-breakpoint
CREATE INDEX `file_chunks_conversation_id_idx` ON `file_chunks` (`conversation_id`,`owner_id`,`id`);--> statement-breakpoint
CREATE INDEX `file_chunks_file_owner_idx` ON `file_chunks` (`file_id`,`ordinal`,`owner_id`);