DROP INDEX "request_logs_model_failed_idx";--> statement-breakpoint
DROP INDEX "request_logs_channel_failed_idx";--> statement-breakpoint
DROP INDEX "request_logs_api_key_failed_idx";--> statement-breakpoint
DROP INDEX "request_logs_source_failed_idx";--> statement-breakpoint
CREATE INDEX "request_logs_model_failed_idx" ON "request_logs" USING btree ("model","failed","time","id","status");--> statement-breakpoint
CREATE INDEX "request_logs_channel_failed_idx" ON "request_logs" USING btree ("channel_id","failed","time","id","status");--> statement-breakpoint
CREATE INDEX "request_logs_api_key_failed_idx" ON "request_logs" USING btree ("api_key_id","failed","time","id","status");--> statement-breakpoint
CREATE INDEX "request_logs_source_failed_idx" ON "request_logs" USING btree ("source","failed","time","id","status");