DROP INDEX `request_logs_time_idx` ON `request_logs`;--> statement-breakpoint
ALTER TABLE `request_logs` ADD `failed` boolean DEFAULT false NOT NULL;--> statement-breakpoint
UPDATE `request_logs` SET `failed` = true WHERE `status` < 200 OR `status` >= 300;--> statement-breakpoint
CREATE INDEX `request_logs_model_idx` ON `request_logs` (`model`,`time`,`id`);--> statement-breakpoint
CREATE INDEX `request_logs_channel_idx` ON `request_logs` (`channel_id`,`time`,`id`);--> statement-breakpoint
CREATE INDEX `request_logs_api_key_idx` ON `request_logs` (`api_key_id`,`time`,`id`);--> statement-breakpoint
CREATE INDEX `request_logs_status_idx` ON `request_logs` (`status`,`time`,`id`);--> statement-breakpoint
CREATE INDEX `request_logs_failed_idx` ON `request_logs` (`failed`,`time`,`id`);--> statement-breakpoint
CREATE INDEX `request_logs_source_idx` ON `request_logs` (`source`,`time`,`id`);--> statement-breakpoint
CREATE INDEX `request_logs_time_idx` ON `request_logs` (`time`,`id`);