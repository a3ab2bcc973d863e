CREATE TABLE `api_keys` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text(128) NOT NULL,
	`key_hash` text(64) NOT NULL,
	`key_prefix` text(32) NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`expire_at` integer,
	`max_cost` real,
	`supported_models` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_hash_uq` ON `api_keys` (`key_hash`);--> statement-breakpoint
CREATE TABLE `channel_keys` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`channel_id` integer NOT NULL,
	`key` text NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`remark` text(255) DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE INDEX `channel_keys_channel_idx` ON `channel_keys` (`channel_id`);--> statement-breakpoint
CREATE TABLE `channels` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text(128) NOT NULL,
	`type` text(32) NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`base_urls` text NOT NULL,
	`models` text NOT NULL,
	`model_filter` text(512) DEFAULT '' NOT NULL,
	`auto_sync` integer DEFAULT false NOT NULL,
	`custom_headers` text NOT NULL,
	`param_override` text NOT NULL,
	`proxy_url` text(512) DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `channels_name_uq` ON `channels` (`name`);--> statement-breakpoint
CREATE TABLE `group_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`group_id` integer NOT NULL,
	`channel_id` integer NOT NULL,
	`model` text(255) NOT NULL,
	`priority` integer DEFAULT 0 NOT NULL,
	`weight` integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE INDEX `group_items_group_idx` ON `group_items` (`group_id`);--> statement-breakpoint
CREATE INDEX `group_items_channel_idx` ON `group_items` (`channel_id`);--> statement-breakpoint
CREATE TABLE `groups` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text(255) NOT NULL,
	`mode` text(16) NOT NULL,
	`first_byte_timeout` integer DEFAULT 0 NOT NULL,
	`stream_idle_timeout` integer DEFAULT 0 NOT NULL,
	`request_timeout` integer DEFAULT 0 NOT NULL,
	`affinity_window` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `groups_name_uq` ON `groups` (`name`);--> statement-breakpoint
CREATE TABLE `prices` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`model` text(255) NOT NULL,
	`channel_id` integer DEFAULT 0 NOT NULL,
	`input` real DEFAULT 0 NOT NULL,
	`output` real DEFAULT 0 NOT NULL,
	`cache_read` real DEFAULT 0 NOT NULL,
	`cache_write` real DEFAULT 0 NOT NULL,
	`source` text(16) DEFAULT 'user' NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `prices_model_channel_uq` ON `prices` (`model`,`channel_id`);--> statement-breakpoint
CREATE TABLE `request_logs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`time` integer NOT NULL,
	`api_key_id` integer DEFAULT 0 NOT NULL,
	`api_key_name` text(128) DEFAULT '' NOT NULL,
	`format` text(32) DEFAULT '' NOT NULL,
	`model` text(255) DEFAULT '' NOT NULL,
	`channel_id` integer DEFAULT 0 NOT NULL,
	`channel_name` text(128) DEFAULT '' NOT NULL,
	`actual_model` text(255) DEFAULT '' NOT NULL,
	`status` integer NOT NULL,
	`input_tokens` integer DEFAULT 0 NOT NULL,
	`output_tokens` integer DEFAULT 0 NOT NULL,
	`cache_read_tokens` integer DEFAULT 0 NOT NULL,
	`cache_write_tokens` integer DEFAULT 0 NOT NULL,
	`reasoning_tokens` integer DEFAULT 0 NOT NULL,
	`cost` real DEFAULT 0 NOT NULL,
	`ttfb_ms` integer DEFAULT 0 NOT NULL,
	`duration_ms` integer DEFAULT 0 NOT NULL,
	`error` text,
	`attempts` text NOT NULL,
	`request_body` text,
	`response_body` text
);
--> statement-breakpoint
CREATE INDEX `request_logs_time_idx` ON `request_logs` (`time`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text(128) PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `stats` (
	`scope` text(16) NOT NULL,
	`key` text(255) NOT NULL,
	`requests` integer DEFAULT 0 NOT NULL,
	`success` integer DEFAULT 0 NOT NULL,
	`failed` integer DEFAULT 0 NOT NULL,
	`input_tokens` integer DEFAULT 0 NOT NULL,
	`output_tokens` integer DEFAULT 0 NOT NULL,
	`cache_read_tokens` integer DEFAULT 0 NOT NULL,
	`cache_write_tokens` integer DEFAULT 0 NOT NULL,
	`reasoning_tokens` integer DEFAULT 0 NOT NULL,
	`cost` real DEFAULT 0 NOT NULL,
	`wait_ms` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`scope`, `key`)
);
--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`username` text(64) NOT NULL,
	`password_hash` text(255) NOT NULL,
	`token_version` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_username_uq` ON `users` (`username`);