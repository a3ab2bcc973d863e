CREATE TABLE "api_keys" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" varchar(128) NOT NULL,
	"key_hash" varchar(64) NOT NULL,
	"key_prefix" varchar(32) NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"expire_at" bigint,
	"max_cost" double precision,
	"supported_models" text NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "channel_keys" (
	"id" serial PRIMARY KEY NOT NULL,
	"channel_id" integer NOT NULL,
	"key" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"remark" varchar(255) DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "channels" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" varchar(128) NOT NULL,
	"type" varchar(32) NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"base_urls" text NOT NULL,
	"models" text NOT NULL,
	"model_filter" varchar(512) DEFAULT '' NOT NULL,
	"auto_sync" boolean DEFAULT false NOT NULL,
	"custom_headers" text NOT NULL,
	"param_override" text NOT NULL,
	"proxy_url" varchar(512) DEFAULT '' NOT NULL,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "group_items" (
	"id" serial PRIMARY KEY NOT NULL,
	"group_id" integer NOT NULL,
	"channel_id" integer NOT NULL,
	"model" varchar(255) NOT NULL,
	"priority" integer DEFAULT 0 NOT NULL,
	"weight" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "groups" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" varchar(255) NOT NULL,
	"mode" varchar(16) NOT NULL,
	"first_byte_timeout" integer DEFAULT 0 NOT NULL,
	"stream_idle_timeout" integer DEFAULT 0 NOT NULL,
	"request_timeout" integer DEFAULT 0 NOT NULL,
	"affinity_window" integer DEFAULT 0 NOT NULL,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "prices" (
	"id" serial PRIMARY KEY NOT NULL,
	"model" varchar(255) NOT NULL,
	"channel_id" integer DEFAULT 0 NOT NULL,
	"input" double precision DEFAULT 0 NOT NULL,
	"output" double precision DEFAULT 0 NOT NULL,
	"cache_read" double precision DEFAULT 0 NOT NULL,
	"cache_write" double precision DEFAULT 0 NOT NULL,
	"source" varchar(16) DEFAULT 'user' NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "request_logs" (
	"id" serial PRIMARY KEY NOT NULL,
	"time" bigint NOT NULL,
	"api_key_id" integer DEFAULT 0 NOT NULL,
	"api_key_name" varchar(128) DEFAULT '' NOT NULL,
	"format" varchar(32) DEFAULT '' NOT NULL,
	"model" varchar(255) DEFAULT '' NOT NULL,
	"channel_id" integer DEFAULT 0 NOT NULL,
	"channel_name" varchar(128) DEFAULT '' NOT NULL,
	"actual_model" varchar(255) DEFAULT '' NOT NULL,
	"status" integer NOT NULL,
	"input_tokens" bigint DEFAULT 0 NOT NULL,
	"output_tokens" bigint DEFAULT 0 NOT NULL,
	"cache_read_tokens" bigint DEFAULT 0 NOT NULL,
	"cache_write_tokens" bigint DEFAULT 0 NOT NULL,
	"reasoning_tokens" bigint DEFAULT 0 NOT NULL,
	"cost" double precision DEFAULT 0 NOT NULL,
	"ttfb_ms" integer DEFAULT 0 NOT NULL,
	"duration_ms" integer DEFAULT 0 NOT NULL,
	"error" text,
	"attempts" text NOT NULL,
	"request_body" text,
	"response_body" text
);
--> statement-breakpoint
CREATE TABLE "settings" (
	"key" varchar(128) PRIMARY KEY NOT NULL,
	"value" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stats" (
	"scope" varchar(16) NOT NULL,
	"key" varchar(255) NOT NULL,
	"requests" bigint DEFAULT 0 NOT NULL,
	"success" bigint DEFAULT 0 NOT NULL,
	"failed" bigint DEFAULT 0 NOT NULL,
	"input_tokens" bigint DEFAULT 0 NOT NULL,
	"output_tokens" bigint DEFAULT 0 NOT NULL,
	"cache_read_tokens" bigint DEFAULT 0 NOT NULL,
	"cache_write_tokens" bigint DEFAULT 0 NOT NULL,
	"reasoning_tokens" bigint DEFAULT 0 NOT NULL,
	"cost" double precision DEFAULT 0 NOT NULL,
	"wait_ms" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "stats_scope_key_pk" PRIMARY KEY("scope","key")
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" serial PRIMARY KEY NOT NULL,
	"username" varchar(64) NOT NULL,
	"password_hash" varchar(255) NOT NULL,
	"token_version" integer DEFAULT 0 NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "api_keys_hash_uq" ON "api_keys" USING btree ("key_hash");--> statement-breakpoint
CREATE INDEX "channel_keys_channel_idx" ON "channel_keys" USING btree ("channel_id");--> statement-breakpoint
CREATE UNIQUE INDEX "channels_name_uq" ON "channels" USING btree ("name");--> statement-breakpoint
CREATE INDEX "group_items_group_idx" ON "group_items" USING btree ("group_id");--> statement-breakpoint
CREATE INDEX "group_items_channel_idx" ON "group_items" USING btree ("channel_id");--> statement-breakpoint
CREATE UNIQUE INDEX "groups_name_uq" ON "groups" USING btree ("name");--> statement-breakpoint
CREATE UNIQUE INDEX "prices_model_channel_uq" ON "prices" USING btree ("model","channel_id");--> statement-breakpoint
CREATE INDEX "request_logs_time_idx" ON "request_logs" USING btree ("time");--> statement-breakpoint
CREATE UNIQUE INDEX "users_username_uq" ON "users" USING btree ("username");