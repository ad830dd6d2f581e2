ALTER TABLE `messages` ADD `parts` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
-- Every stored message keeps its text, now as its one text part (an empty reply has none).
UPDATE `messages` SET `parts` = json_array(json_object('type', 'text', 'text', `content`)) WHERE `content` <> '';
