CREATE TABLE `stat_marks` (
	`instance` varchar(255) NOT NULL,
	`seq` bigint NOT NULL,
	`log_id` bigint NOT NULL,
	CONSTRAINT `stat_marks_instance` PRIMARY KEY(`instance`)
);
--> statement-breakpoint
ALTER TABLE `request_logs` ADD `instance` varchar(255) DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `request_logs` ADD `seq` bigint DEFAULT 0 NOT NULL;