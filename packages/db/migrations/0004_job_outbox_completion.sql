DROP INDEX "job_outbox_enqueued_idx";--> statement-breakpoint
ALTER TABLE "job_outbox" ADD COLUMN "completed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "job_outbox" ADD COLUMN "deliveries" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "job_outbox_unfinished_idx" ON "job_outbox" USING btree ("enqueued_at") WHERE "job_outbox"."completed_at" is null;--> statement-breakpoint
CREATE INDEX "job_outbox_completed_idx" ON "job_outbox" USING btree ("completed_at");--> statement-breakpoint
-- Hand-written: rows handed over before this migration never recorded completion. Those older than an hour count as
-- done (what "enqueued" meant until now); the recent ones are left to the redelivery, which re-runs them only if
-- their job is no longer in the queue (idempotent processors make a re-run of a finished one a no-op).
UPDATE "job_outbox" SET "completed_at" = "enqueued_at" WHERE "enqueued_at" < now() - interval '1 hour';
