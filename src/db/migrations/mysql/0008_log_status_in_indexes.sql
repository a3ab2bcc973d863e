DROP INDEX `request_logs_model_failed_idx` ON `request_logs`;--> statement-breakpoint
DROP INDEX `request_logs_channel_failed_idx` ON `request_logs`;--> statement-breakpoint
DROP INDEX `request_logs_api_key_failed_idx` ON `request_logs`;--> statement-breakpoint
DROP INDEX `request_logs_source_failed_idx` ON `request_logs`;--> statement-breakpoint
CREATE INDEX `request_logs_model_failed_idx` ON `request_logs` (`model`,`failed`,`time`,`id`,`status`);--> statement-breakpoint
CREATE INDEX `request_logs_channel_failed_idx` ON `request_logs` (`channel_id`,`failed`,`time`,`id`,`status`);--> statement-breakpoint
CREATE INDEX `request_logs_api_key_failed_idx` ON `request_logs` (`api_key_id`,`failed`,`time`,`id`,`status`);--> statement-breakpoint
CREATE INDEX `request_logs_source_failed_idx` ON `request_logs` (`source`,`failed`,`time`,`id`,`status`);