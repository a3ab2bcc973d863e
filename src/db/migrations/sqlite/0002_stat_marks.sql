CREATE TABLE `stat_marks` (
	`instance` text(255) PRIMARY KEY NOT NULL,
	`seq` integer NOT NULL,
	`log_id` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `request_logs` ADD `instance` text(255) DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `request_logs` ADD `seq` integer DEFAULT 0 NOT NULL;