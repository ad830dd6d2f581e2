CREATE TABLE `file_chunks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`file_id` text NOT NULL,
	`conversation_id` text NOT NULL,
	`owner_id` text NOT NULL,
	`ordinal` integer NOT NULL,
	`page` integer,
	`text` text NOT NULL,
	`tokens` integer NOT NULL,
	`embedding` blob NOT NULL,
	FOREIGN KEY (`file_id`) REFERENCES `files`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `file_chunks_conversation_idx` ON `file_chunks` (`conversation_id`,`owner_id`);--> statement-breakpoint
CREATE INDEX `file_chunks_file_idx` ON `file_chunks` (`file_id`,`ordinal`);--> statement-breakpoint
CREATE VIRTUAL TABLE `file_chunks_fts` USING fts5(`text`, `conversation_id`, content='file_chunks', content_rowid='id', tokenize='porter unicode61');--> statement-breakpoint
CREATE TRIGGER `file_chunks_fts_insert` AFTER INSERT ON `file_chunks` BEGIN
  INSERT INTO `file_chunks_fts`(rowid, `text`, `conversation_id`) VALUES (new.`id`, new.`text`, new.`conversation_id`);
END;--> statement-breakpoint
CREATE TRIGGER `file_chunks_fts_delete` AFTER DELETE ON `file_chunks` BEGIN
  INSERT INTO `file_chunks_fts`(`file_chunks_fts`, rowid, `text`, `conversation_id`) VALUES ('delete', old.`id`, old.`text`, old.`conversation_id`);
END;--> statement-breakpoint
CREATE TRIGGER `file_chunks_fts_update` AFTER UPDATE OF `text`, `conversation_id` ON `file_chunks` BEGIN
  INSERT INTO `file_chunks_fts`(`file_chunks_fts`, rowid, `text`, `conversation_id`) VALUES ('delete', old.`id`, old.`text`, old.`conversation_id`);
  INSERT INTO `file_chunks_fts`(rowid, `text`, `conversation_id`) VALUES (new.`id`, new.`text`, new.`conversation_id`);
END;
