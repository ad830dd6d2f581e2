-- Existing conversations keep today's behaviour: every tool on, every call asks first.
ALTER TABLE "conversations" ADD COLUMN "tools" jsonb DEFAULT '{"off":[],"alwaysAllowed":[]}'::jsonb NOT NULL;