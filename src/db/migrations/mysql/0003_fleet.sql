CREATE TABLE `instances` (
	`id` varchar(255) NOT NULL,
	`host` varchar(255) NOT NULL,
	`version` varchar(64) NOT NULL,
	`started_at` bigint NOT NULL,
	`heartbeat_at` bigint NOT NULL,
	CONSTRAINT `instances_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `state_changes` (
	`part` varchar(32) NOT NULL,
	`version` bigint NOT NULL,
	CONSTRAINT `state_changes_part` PRIMARY KEY(`part`)
);
