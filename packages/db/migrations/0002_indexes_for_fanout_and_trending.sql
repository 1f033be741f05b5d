DROP INDEX "follows_followee_idx";--> statement-breakpoint
CREATE INDEX "engagements_created_idx" ON "engagements" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "follows_followee_idx" ON "follows" USING btree ("followee_id","follower_id");