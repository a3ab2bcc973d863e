DROP INDEX `request_logs_time_idx` ON `request_logs`;--> statement-breakpoint
DROP INDEX `request_logs_model_idx` ON `request_logs`;--> statement-breakpoint
DROP INDEX `request_logs_channel_idx` ON `request_logs`;--> statement-breakpoint
DROP INDEX `request_logs_api_key_idx` ON `request_logs`;--> statement-breakpoint
DROP INDEX `request_logs_source_idx` ON `request_logs`;