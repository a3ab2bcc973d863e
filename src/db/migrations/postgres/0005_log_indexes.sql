DROP INDEX "request_logs_time_idx";--> statement-breakpoint
ALTER TABLE "request_logs" ADD COLUMN "failed" boolean DEFAULT false NOT NULL;--> statement-breakpoint
UPDATE "request_logs" SET "failed" = true WHERE "status" < 200 OR "status" >= 300;--> statement-breakpoint
CREATE INDEX "request_logs_model_idx" ON "request_logs" USING btree ("model","time","id");--> statement-breakpoint
CREATE INDEX "request_logs_channel_idx" ON "request_logs" USING btree ("channel_id","time","id");--> statement-breakpoint
CREATE INDEX "request_logs_api_key_idx" ON "request_logs" USING btree ("api_key_id","time","id");--> statement-breakpoint
CREATE INDEX "request_logs_status_idx" ON "request_logs" USING btree ("status","time","id");--> statement-breakpoint
CREATE INDEX "request_logs_failed_idx" ON "request_logs" USING btree ("failed","time","id");--> statement-breakpoint
CREATE INDEX "request_logs_source_idx" ON "request_logs" USING btree ("source","time","id");--> statement-breakpoint
CREATE INDEX "request_logs_time_idx" ON "request_logs" USING btree ("time","id");