ALTER TABLE "tweets" ADD COLUMN "request_id" uuid;--> statement-breakpoint
ALTER TABLE "tweets" ADD COLUMN "deleted_at" timestamp with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "tweets_author_request_uq" ON "tweets" USING btree ("author_id","request_id");