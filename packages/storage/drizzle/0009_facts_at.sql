ALTER TABLE "customers" ADD COLUMN "facts_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "items" ADD COLUMN "facts_at" timestamp with time zone;