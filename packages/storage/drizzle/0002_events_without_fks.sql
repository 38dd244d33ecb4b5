ALTER TABLE "events" DROP CONSTRAINT "events_customer_id_customers_id_fk";
--> statement-breakpoint
ALTER TABLE "events" DROP CONSTRAINT "events_item_id_items_id_fk";
--> statement-breakpoint
DROP INDEX "events_item_idx";