CREATE TABLE "instances" (
	"id" varchar(255) PRIMARY KEY NOT NULL,
	"host" varchar(255) NOT NULL,
	"version" varchar(64) NOT NULL,
	"started_at" bigint NOT NULL,
	"heartbeat_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "state_changes" (
	"part" varchar(32) PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL
);
