CREATE TABLE "model_artifact_parts" (
	"artifact_id" integer NOT NULL,
	"part" integer NOT NULL,
	"bytes" "bytea" NOT NULL,
	CONSTRAINT "model_artifact_parts_artifact_id_part_pk" PRIMARY KEY("artifact_id","part")
);
--> statement-breakpoint
-- Hand-written: a model's bytes are mostly floats, which do not compress; stored out of line as they are.
ALTER TABLE "model_artifact_parts" ALTER COLUMN "bytes" SET STORAGE EXTERNAL;--> statement-breakpoint
ALTER TABLE "model_artifact_parts" ADD CONSTRAINT "model_artifact_parts_artifact_id_model_artifacts_id_fk" FOREIGN KEY ("artifact_id") REFERENCES "public"."model_artifacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Hand-written (drizzle-kit generates no data moves): each stored artifact's bytes become its part 0.
INSERT INTO "model_artifact_parts" ("artifact_id", "part", "bytes") SELECT "id", 0, "bytes" FROM "model_artifacts";--> statement-breakpoint
ALTER TABLE "model_artifacts" ADD COLUMN "size_bytes" bigint;--> statement-breakpoint
UPDATE "model_artifacts" SET "size_bytes" = octet_length("bytes");--> statement-breakpoint
ALTER TABLE "model_artifacts" ALTER COLUMN "size_bytes" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "model_artifacts" DROP COLUMN "bytes";
