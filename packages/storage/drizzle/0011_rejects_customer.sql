ALTER TABLE "erased_customers" ADD COLUMN "held" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "import_rejects" ADD COLUMN "customer_external_id" text;--> statement-breakpoint
CREATE INDEX "import_rejects_customer_idx" ON "import_rejects" USING btree ("customer_external_id") WHERE "import_rejects"."customer_external_id" IS NOT NULL;