CREATE TABLE "topic_activity" (
	"span" smallint NOT NULL,
	"start" timestamp with time zone NOT NULL,
	"topic" text NOT NULL,
	"tweets" integer NOT NULL,
	"engagement" integer NOT NULL,
	CONSTRAINT "topic_activity_span_start_topic_pk" PRIMARY KEY("span","start","topic")
);
--> statement-breakpoint
CREATE TABLE "topic_activity_delta" (
	"minute" timestamp with time zone NOT NULL,
	"topic" text NOT NULL,
	"tweets" integer NOT NULL,
	"engagement" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "topic_window_state" (
	"id" smallint PRIMARY KEY NOT NULL,
	"window_end" timestamp with time zone NOT NULL,
	"window_minutes" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "topic_window_totals" (
	"topic" text PRIMARY KEY NOT NULL,
	"tweets" integer NOT NULL,
	"engagement" integer NOT NULL,
	"previous" integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX "topic_activity_delta_minute_idx" ON "topic_activity_delta" USING btree ("minute");--> statement-breakpoint
-- Hand-written below (drizzle-kit does not model triggers): the triggers that keep trending incremental. Every
-- change to what trending counts appends a signed row to topic_activity_delta in the transaction of the change,
-- whoever makes it (router, seeds, bulk loads, cascades); the trending job folds the deltas into topic_activity.
-- Minutes are bucketed from the Unix epoch (date_bin with a fixed origin: independent of the session time zone).
-- A tweet counts for its topics at its minute; a like (1), a retweet (2) or a reply (1) counts for the topics of
-- the tweet it targets at the minute it was made. tweets.topics / created_at and engagements rows are never updated.
CREATE FUNCTION "topic_activity_on_tweet"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		INSERT INTO topic_activity_delta (minute, topic, tweets, engagement)
		SELECT date_bin('1 minute', NEW.created_at, timestamptz '2000-01-01 00:00:00+00'), u.topic, 1, 0
		FROM unnest(NEW.topics) AS u(topic)
		UNION ALL
		SELECT date_bin('1 minute', NEW.created_at, timestamptz '2000-01-01 00:00:00+00'), u.topic, 0, 1
		FROM tweets p CROSS JOIN LATERAL unnest(p.topics) AS u(topic)
		WHERE p.id = NEW.reply_to_id;
		RETURN NULL;
	END IF;
	-- BEFORE DELETE: the engagements and replies on the tweet still exist here (the cascade runs after the row is
	-- gone, when the engagement trigger no longer finds the tweet), so they are taken back here, exactly once.
	INSERT INTO topic_activity_delta (minute, topic, tweets, engagement)
	SELECT date_bin('1 minute', OLD.created_at, timestamptz '2000-01-01 00:00:00+00'), u.topic, -1, 0
	FROM unnest(OLD.topics) AS u(topic)
	UNION ALL
	SELECT date_bin('1 minute', OLD.created_at, timestamptz '2000-01-01 00:00:00+00'), u.topic, 0, -1
	FROM tweets p CROSS JOIN LATERAL unnest(p.topics) AS u(topic)
	WHERE p.id = OLD.reply_to_id
	UNION ALL
	SELECT m.minute, u.topic, 0, -m.score
	FROM (
		SELECT date_bin('1 minute', e.created_at, timestamptz '2000-01-01 00:00:00+00') AS minute,
			sum(CASE e.kind WHEN 'like' THEN 1 ELSE 2 END)::int AS score
		FROM engagements e
		WHERE e.tweet_id = OLD.id AND e.kind IN ('like', 'retweet')
		GROUP BY 1
	) m CROSS JOIN unnest(OLD.topics) AS u(topic)
	UNION ALL
	SELECT m.minute, u.topic, 0, -m.n
	FROM (
		SELECT date_bin('1 minute', r.created_at, timestamptz '2000-01-01 00:00:00+00') AS minute, count(*)::int AS n
		FROM tweets r
		WHERE r.reply_to_id = OLD.id
		GROUP BY 1
	) m CROSS JOIN unnest(OLD.topics) AS u(topic);
	RETURN OLD;
END
$$;
--> statement-breakpoint
CREATE FUNCTION "topic_activity_on_engagement"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	changed engagements%ROWTYPE;
	sign int;
BEGIN
	IF TG_OP = 'INSERT' THEN
		changed := NEW;
		sign := 1;
	ELSE
		changed := OLD;
		sign := -1;
	END IF;
	-- An unlike / unretweet takes the engagement back at the minute it was made.
	INSERT INTO topic_activity_delta (minute, topic, tweets, engagement)
	SELECT date_bin('1 minute', changed.created_at, timestamptz '2000-01-01 00:00:00+00'), u.topic, 0,
		sign * CASE changed.kind WHEN 'like' THEN 1 ELSE 2 END
	FROM tweets t CROSS JOIN LATERAL unnest(t.topics) AS u(topic)
	WHERE t.id = changed.tweet_id;
	RETURN NULL;
END
$$;
--> statement-breakpoint
-- The WHEN clauses keep the triggers from even firing for tweets without topics that are not replies, and bookmarks.
CREATE TRIGGER "topic_activity_tweet_insert" AFTER INSERT ON "tweets" FOR EACH ROW
	WHEN (cardinality(NEW.topics) > 0 OR NEW.reply_to_id IS NOT NULL) EXECUTE FUNCTION "topic_activity_on_tweet"();
--> statement-breakpoint
CREATE TRIGGER "topic_activity_tweet_delete" BEFORE DELETE ON "tweets" FOR EACH ROW
	WHEN (cardinality(OLD.topics) > 0 OR OLD.reply_to_id IS NOT NULL) EXECUTE FUNCTION "topic_activity_on_tweet"();
--> statement-breakpoint
CREATE TRIGGER "topic_activity_engagement_insert" AFTER INSERT ON "engagements" FOR EACH ROW
	WHEN (NEW.kind <> 'bookmark') EXECUTE FUNCTION "topic_activity_on_engagement"();
--> statement-breakpoint
CREATE TRIGGER "topic_activity_engagement_delete" AFTER DELETE ON "engagements" FOR EACH ROW
	WHEN (OLD.kind <> 'bookmark') EXECUTE FUNCTION "topic_activity_on_engagement"();
--> statement-breakpoint
-- Every fold deletes every delta: vacuum the dead rows often instead of at 20 % of the table.
ALTER TABLE "topic_activity_delta" SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000);
--> statement-breakpoint
-- Backfill: the activity of the last 60 days (two windows of the largest TRENDING_WINDOW_MS) as deltas; the first
-- trending run folds them in and prunes what is older than its two windows.
INSERT INTO topic_activity_delta (minute, topic, tweets, engagement)
SELECT date_bin('1 minute', t.created_at, timestamptz '2000-01-01 00:00:00+00'), u.topic, count(*)::int, 0
FROM tweets t CROSS JOIN LATERAL unnest(t.topics) AS u(topic)
WHERE t.created_at >= now() - interval '60 days'
GROUP BY 1, 2
UNION ALL
SELECT date_bin('1 minute', e.created_at, timestamptz '2000-01-01 00:00:00+00'), u.topic, 0,
	sum(CASE e.kind WHEN 'like' THEN 1 ELSE 2 END)::int
FROM engagements e JOIN tweets t ON t.id = e.tweet_id CROSS JOIN LATERAL unnest(t.topics) AS u(topic)
WHERE e.kind IN ('like', 'retweet') AND e.created_at >= now() - interval '60 days'
GROUP BY 1, 2
UNION ALL
SELECT date_bin('1 minute', r.created_at, timestamptz '2000-01-01 00:00:00+00'), u.topic, 0, count(*)::int
FROM tweets r JOIN tweets p ON p.id = r.reply_to_id CROSS JOIN LATERAL unnest(p.topics) AS u(topic)
WHERE r.created_at >= now() - interval '60 days'
GROUP BY 1, 2;
