CREATE TABLE "app_policies" (
	"app" text PRIMARY KEY NOT NULL,
	"publish" text DEFAULT 'open' NOT NULL,
	"play" text DEFAULT 'open' NOT NULL,
	"max_stream_wait_ms" integer DEFAULT 15000 NOT NULL,
	"none_reader_delay_ms" integer DEFAULT 20000 NOT NULL,
	"none_reader_action" text DEFAULT 'close' NOT NULL,
	"continue_push_ms" integer DEFAULT 15000 NOT NULL,
	"hls_session_idle_ms" integer DEFAULT 60000 NOT NULL,
	"continue_on_clean_stop" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"hash" text NOT NULL,
	"prefix" text NOT NULL,
	"role" text DEFAULT 'admin' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_keys_hash_unique" UNIQUE("hash")
);
--> statement-breakpoint
CREATE TABLE "pulls" (
	"id" text PRIMARY KEY NOT NULL,
	"app" text NOT NULL,
	"stream" text NOT NULL,
	"url" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "pulls_app_stream_idx" ON "pulls" USING btree ("app","stream");