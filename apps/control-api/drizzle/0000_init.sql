CREATE TABLE "nodes" (
	"id" text PRIMARY KEY NOT NULL,
	"version" text DEFAULT '' NOT NULL,
	"urls" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"online" boolean DEFAULT true NOT NULL,
	"registered_at" timestamp with time zone,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "streams" (
	"vhost" text NOT NULL,
	"app" text NOT NULL,
	"stream" text NOT NULL,
	"node_id" text NOT NULL,
	"tracks" jsonb NOT NULL,
	"since" timestamp with time zone NOT NULL,
	CONSTRAINT "streams_vhost_app_stream_node_id_pk" PRIMARY KEY("vhost","app","stream","node_id")
);
--> statement-breakpoint
ALTER TABLE "streams" ADD CONSTRAINT "streams_node_id_nodes_id_fk" FOREIGN KEY ("node_id") REFERENCES "public"."nodes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "streams_node_id_idx" ON "streams" USING btree ("node_id");