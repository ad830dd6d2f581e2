-- Every conversation gets today's cast: one participant, 'assistant', with the conversation's model and prompt. Existing replies keep no speaker (shown as the assistant's).
ALTER TABLE `conversations` ADD `cast` text DEFAULT '{"participants":[{"name":"assistant","model":null,"systemPrompt":null}],"order":"round-robin"}' NOT NULL;--> statement-breakpoint
ALTER TABLE `messages` ADD `speaker` text;