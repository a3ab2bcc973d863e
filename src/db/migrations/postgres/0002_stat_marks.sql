CREATE TABLE "stat_marks" (
	"instance" varchar(255) PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL,
	"log_id" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "request_logs" ADD COLUMN "instance" varchar(255) DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "request_logs" ADD COLUMN "seq" bigint DEFAULT 0 NOT NULL;