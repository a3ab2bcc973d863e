DROP INDEX "request_logs_time_idx";--> statement-breakpoint
DROP INDEX "request_logs_model_idx";--> statement-breakpoint
DROP INDEX "request_logs_channel_idx";--> statement-breakpoint
DROP INDEX "request_logs_api_key_idx";--> statement-breakpoint
DROP INDEX "request_logs_source_idx";