CREATE TABLE "job_outbox" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "job_outbox_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"queue" text NOT NULL,
	"job_id" text NOT NULL,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"enqueued_at" timestamp with time zone,
	CONSTRAINT "job_outbox_job_id_unique" UNIQUE("job_id")
);
--> statement-breakpoint
CREATE TABLE "trending_snapshots" (
	"computed_at" timestamp with time zone PRIMARY KEY NOT NULL,
	"window_ms" integer NOT NULL,
	"topics" jsonb NOT NULL
);
--> statement-breakpoint
CREATE INDEX "job_outbox_pending_idx" ON "job_outbox" USING btree ("id") WHERE "job_outbox"."enqueued_at" is null;--> statement-breakpoint
CREATE INDEX "job_outbox_enqueued_idx" ON "job_outbox" USING btree ("enqueued_at");