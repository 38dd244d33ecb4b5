CREATE TYPE "public"."campaign_status" AS ENUM('draft', 'running', 'stopped');--> statement-breakpoint
CREATE TABLE "campaign_assignments" (
	"campaign_id" text NOT NULL,
	"customer_id" integer NOT NULL,
	"arm" text,
	"holdout" boolean NOT NULL,
	"reason" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"coupon_code" text,
	"cost" double precision DEFAULT 0 NOT NULL,
	"assigned_at" timestamp with time zone NOT NULL,
	CONSTRAINT "campaign_assignments_campaign_id_customer_id_pk" PRIMARY KEY("campaign_id","customer_id"),
	CONSTRAINT "campaign_assignments_coupon_code_unique" UNIQUE("coupon_code")
);
--> statement-breakpoint
CREATE TABLE "campaigns" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"status" "campaign_status" DEFAULT 'draft' NOT NULL,
	"definition" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"starts_at" timestamp with time zone,
	"ends_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"stopped_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "campaign_assignments" ADD CONSTRAINT "campaign_assignments_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_assignments" ADD CONSTRAINT "campaign_assignments_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "campaign_assignments_customer_idx" ON "campaign_assignments" USING btree ("customer_id","assigned_at");