CREATE TABLE `instances` (
	`id` text(255) PRIMARY KEY NOT NULL,
	`host` text(255) NOT NULL,
	`version` text(64) NOT NULL,
	`started_at` integer NOT NULL,
	`heartbeat_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `state_changes` (
	`part` text(32) PRIMARY KEY NOT NULL,
	`version` integer NOT NULL
);
