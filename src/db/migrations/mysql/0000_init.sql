CREATE TABLE `api_keys` (
	`id` int AUTO_INCREMENT NOT NULL,
	`name` varchar(128) NOT NULL,
	`key_hash` varchar(64) NOT NULL,
	`key_prefix` varchar(32) NOT NULL,
	`enabled` boolean NOT NULL DEFAULT true,
	`expire_at` bigint,
	`max_cost` double,
	`supported_models` longtext NOT NULL,
	`created_at` bigint NOT NULL,
	CONSTRAINT `api_keys_id` PRIMARY KEY(`id`),
	CONSTRAINT `api_keys_hash_uq` UNIQUE(`key_hash`)
);
--> statement-breakpoint
CREATE TABLE `channel_keys` (
	`id` int AUTO_INCREMENT NOT NULL,
	`channel_id` int NOT NULL,
	`key` longtext NOT NULL,
	`enabled` boolean NOT NULL DEFAULT true,
	`remark` varchar(255) NOT NULL DEFAULT '',
	CONSTRAINT `channel_keys_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `channels` (
	`id` int AUTO_INCREMENT NOT NULL,
	`name` varchar(128) NOT NULL,
	`type` varchar(32) NOT NULL,
	`enabled` boolean NOT NULL DEFAULT true,
	`base_urls` longtext NOT NULL,
	`models` longtext NOT NULL,
	`model_filter` varchar(512) NOT NULL DEFAULT '',
	`auto_sync` boolean NOT NULL DEFAULT false,
	`custom_headers` longtext NOT NULL,
	`param_override` longtext NOT NULL,
	`proxy_url` varchar(512) NOT NULL DEFAULT '',
	`created_at` bigint NOT NULL,
	`updated_at` bigint NOT NULL,
	CONSTRAINT `channels_id` PRIMARY KEY(`id`),
	CONSTRAINT `channels_name_uq` UNIQUE(`name`)
);
--> statement-breakpoint
CREATE TABLE `group_items` (
	`id` int AUTO_INCREMENT NOT NULL,
	`group_id` int NOT NULL,
	`channel_id` int NOT NULL,
	`model` varchar(255) NOT NULL,
	`priority` int NOT NULL DEFAULT 0,
	`weight` int NOT NULL DEFAULT 1,
	CONSTRAINT `group_items_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `groups` (
	`id` int AUTO_INCREMENT NOT NULL,
	`name` varchar(255) NOT NULL,
	`mode` varchar(16) NOT NULL,
	`first_byte_timeout` int NOT NULL DEFAULT 0,
	`stream_idle_timeout` int NOT NULL DEFAULT 0,
	`request_timeout` int NOT NULL DEFAULT 0,
	`affinity_window` int NOT NULL DEFAULT 0,
	`created_at` bigint NOT NULL,
	`updated_at` bigint NOT NULL,
	CONSTRAINT `groups_id` PRIMARY KEY(`id`),
	CONSTRAINT `groups_name_uq` UNIQUE(`name`)
);
--> statement-breakpoint
CREATE TABLE `prices` (
	`id` int AUTO_INCREMENT NOT NULL,
	`model` varchar(255) NOT NULL,
	`channel_id` int NOT NULL DEFAULT 0,
	`input` double NOT NULL DEFAULT 0,
	`output` double NOT NULL DEFAULT 0,
	`cache_read` double NOT NULL DEFAULT 0,
	`cache_write` double NOT NULL DEFAULT 0,
	`source` varchar(16) NOT NULL DEFAULT 'user',
	`updated_at` bigint NOT NULL,
	CONSTRAINT `prices_id` PRIMARY KEY(`id`),
	CONSTRAINT `prices_model_channel_uq` UNIQUE(`model`,`channel_id`)
);
--> statement-breakpoint
CREATE TABLE `request_logs` (
	`id` int AUTO_INCREMENT NOT NULL,
	`time` bigint NOT NULL,
	`api_key_id` int NOT NULL DEFAULT 0,
	`api_key_name` varchar(128) NOT NULL DEFAULT '',
	`format` varchar(32) NOT NULL DEFAULT '',
	`model` varchar(255) NOT NULL DEFAULT '',
	`channel_id` int NOT NULL DEFAULT 0,
	`channel_name` varchar(128) NOT NULL DEFAULT '',
	`actual_model` varchar(255) NOT NULL DEFAULT '',
	`status` int NOT NULL,
	`input_tokens` bigint NOT NULL DEFAULT 0,
	`output_tokens` bigint NOT NULL DEFAULT 0,
	`cache_read_tokens` bigint NOT NULL DEFAULT 0,
	`cache_write_tokens` bigint NOT NULL DEFAULT 0,
	`reasoning_tokens` bigint NOT NULL DEFAULT 0,
	`cost` double NOT NULL DEFAULT 0,
	`ttfb_ms` int NOT NULL DEFAULT 0,
	`duration_ms` int NOT NULL DEFAULT 0,
	`error` longtext,
	`attempts` longtext NOT NULL,
	`request_body` longtext,
	`response_body` longtext,
	CONSTRAINT `request_logs_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `settings` (
	`key` varchar(128) NOT NULL,
	`value` longtext NOT NULL,
	CONSTRAINT `settings_key` PRIMARY KEY(`key`)
);
--> statement-breakpoint
CREATE TABLE `stats` (
	`scope` varchar(16) NOT NULL,
	`key` varchar(255) NOT NULL,
	`requests` bigint NOT NULL DEFAULT 0,
	`success` bigint NOT NULL DEFAULT 0,
	`failed` bigint NOT NULL DEFAULT 0,
	`input_tokens` bigint NOT NULL DEFAULT 0,
	`output_tokens` bigint NOT NULL DEFAULT 0,
	`cache_read_tokens` bigint NOT NULL DEFAULT 0,
	`cache_write_tokens` bigint NOT NULL DEFAULT 0,
	`reasoning_tokens` bigint NOT NULL DEFAULT 0,
	`cost` double NOT NULL DEFAULT 0,
	`wait_ms` bigint NOT NULL DEFAULT 0,
	CONSTRAINT `stats_scope_key_pk` PRIMARY KEY(`scope`,`key`)
);
--> statement-breakpoint
CREATE TABLE `users` (
	`id` int AUTO_INCREMENT NOT NULL,
	`username` varchar(64) NOT NULL,
	`password_hash` varchar(255) NOT NULL,
	`token_version` int NOT NULL DEFAULT 0,
	`created_at` bigint NOT NULL,
	CONSTRAINT `users_id` PRIMARY KEY(`id`),
	CONSTRAINT `users_username_uq` UNIQUE(`username`)
);
--> statement-breakpoint
CREATE INDEX `channel_keys_channel_idx` ON `channel_keys` (`channel_id`);--> statement-breakpoint
CREATE INDEX `group_items_group_idx` ON `group_items` (`group_id`);--> statement-breakpoint
CREATE INDEX `group_items_channel_idx` ON `group_items` (`channel_id`);--> statement-breakpoint
CREATE INDEX `request_logs_time_idx` ON `request_logs` (`time`);