CREATE TABLE "file_chunk_terms" (
	"file_id" text NOT NULL,
	"conversation_id" text NOT NULL,
	"term" text NOT NULL,
	"chunks" integer NOT NULL,
	CONSTRAINT "file_chunk_terms_conversation_id_term_file_id_pk" PRIMARY KEY("conversation_id","term","file_id")
);
--> statement-breakpoint
ALTER TABLE "file_chunk_terms" ADD CONSTRAINT "file_chunk_terms_file_id_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."files"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "file_chunk_terms_file_idx" ON "file_chunk_terms" USING btree ("file_id");--> statement-breakpoint
-- The terms of chunks stored before, file by file.
INSERT INTO "file_chunk_terms" ("file_id", "conversation_id", "term", "chunks")
  SELECT f."id", f."conversation_id", s.word, s.ndoc
  FROM "files" f
  CROSS JOIN LATERAL ts_stat(format('SELECT tsv FROM file_chunks WHERE file_id = %L', f."id")) s;
