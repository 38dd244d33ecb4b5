DROP INDEX "events_customer_ts_idx";--> statement-breakpoint
CREATE INDEX "events_customer_ts_idx" ON "events" USING btree ("customer_id","ts","seq") WHERE "events"."customer_id" IS NOT NULL;