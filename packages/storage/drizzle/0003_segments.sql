CREATE TABLE "segment_members" (
	"segment_id" text NOT NULL,
	"customer_id" integer NOT NULL,
	"since" timestamp with time zone NOT NULL,
	CONSTRAINT "segment_members_segment_id_customer_id_pk" PRIMARY KEY("segment_id","customer_id")
);
--> statement-breakpoint
CREATE TABLE "segment_refreshes" (
	"segment_id" text NOT NULL,
	"as_of" timestamp with time zone NOT NULL,
	"members" integer NOT NULL,
	CONSTRAINT "segment_refreshes_segment_id_as_of_pk" PRIMARY KEY("segment_id","as_of")
);
--> statement-breakpoint
CREATE TABLE "segment_snapshots" (
	"segment_id" text NOT NULL,
	"as_of" timestamp with time zone NOT NULL,
	"customer_id" integer NOT NULL,
	CONSTRAINT "segment_snapshots_segment_id_as_of_customer_id_pk" PRIMARY KEY("segment_id","as_of","customer_id")
);
--> statement-breakpoint
CREATE TABLE "segments" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"definition" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"refreshed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "segment_members" ADD CONSTRAINT "segment_members_segment_id_segments_id_fk" FOREIGN KEY ("segment_id") REFERENCES "public"."segments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "segment_members" ADD CONSTRAINT "segment_members_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "segment_refreshes" ADD CONSTRAINT "segment_refreshes_segment_id_segments_id_fk" FOREIGN KEY ("segment_id") REFERENCES "public"."segments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "segment_snapshots" ADD CONSTRAINT "segment_snapshots_segment_id_segments_id_fk" FOREIGN KEY ("segment_id") REFERENCES "public"."segments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "segment_snapshots" ADD CONSTRAINT "segment_snapshots_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "segment_members_customer_idx" ON "segment_members" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "segment_snapshots_customer_idx" ON "segment_snapshots" USING btree ("customer_id");