ALTER TABLE "app_policies" ADD COLUMN "decision_url" text;--> statement-breakpoint
ALTER TABLE "app_policies" ADD COLUMN "decision_timeout_ms" integer DEFAULT 1000 NOT NULL;