-- Existing conversations keep today's behaviour: every tool on, every call asks first.
ALTER TABLE `conversations` ADD `tools` text DEFAULT '{"off":[],"alwaysAllowed":[]}' NOT NULL;