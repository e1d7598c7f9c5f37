CREATE TABLE "sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"node_id" text NOT NULL,
	"vhost" text NOT NULL,
	"app" text NOT NULL,
	"stream" text NOT NULL,
	"protocol" text NOT NULL,
	"role" text NOT NULL,
	"ip" text DEFAULT '' NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"bytes_in" bigint DEFAULT 0 NOT NULL,
	"bytes_out" bigint DEFAULT 0 NOT NULL,
	"end_reason" text
);
--> statement-breakpoint
ALTER TABLE "nodes" ADD COLUMN "load" jsonb DEFAULT '{"cpuPercent":0,"rssBytes":0,"sessions":0}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "streams" ADD COLUMN "readers" jsonb DEFAULT '{"total":0,"byProtocol":{}}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "streams" ADD COLUMN "bitrate_kbps" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "sessions_open_stream_idx" ON "sessions" USING btree ("app","stream") WHERE "sessions"."ended_at" is null;--> statement-breakpoint
CREATE INDEX "sessions_node_id_idx" ON "sessions" USING btree ("node_id");