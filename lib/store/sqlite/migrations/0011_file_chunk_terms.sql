CREATE TABLE `file_chunk_terms` (
	`file_id` text NOT NULL,
	`conversation_id` text NOT NULL,
	`term` text NOT NULL,
	`chunks` integer NOT NULL,
	PRIMARY KEY(`conversation_id`, `term`, `file_id`),
	FOREIGN KEY (`file_id`) REFERENCES `files`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `file_chunk_terms_file_idx` ON `file_chunk_terms` (`file_id`);--> statement-breakpoint
-- The terms of chunks stored before: read from the FTS5 index itself, one row per occurrence.
CREATE VIRTUAL TABLE temp.`file_chunks_fts_instances` USING fts5vocab(main, `file_chunks_fts`, instance);--> statement-breakpoint
INSERT INTO `file_chunk_terms` (`file_id`, `conversation_id`, `term`, `chunks`)
  SELECT c.`file_id`, c.`conversation_id`, found.`term`, count(*)
  FROM (SELECT DISTINCT `term`, `doc` FROM temp.`file_chunks_fts_instances` WHERE `col` = 'text') AS found
  JOIN `file_chunks` c ON c.`id` = found.`doc`
  GROUP BY c.`file_id`, c.`conversation_id`, found.`term`;--> statement-breakpoint
DROP TABLE temp.`file_chunks_fts_instances`;
