ALTER TABLE `api_keys` ADD `rpm` integer;--> statement-breakpoint
ALTER TABLE `api_keys` ADD `tpm` integer;--> statement-breakpoint
ALTER TABLE `api_keys` ADD `max_concurrency` integer;--> statement-breakpoint
ALTER TABLE `group_items` ADD `position` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `groups` ADD `aliases` text;--> statement-breakpoint
ALTER TABLE `groups` ADD `active_item_id` integer;--> statement-breakpoint
-- Data, not generated: items keep their order; failover priorities turn around (priority 1 is now tried first), so each group keeps its failover order.
UPDATE `group_items` SET `position` = `id`;--> statement-breakpoint
UPDATE `group_items` SET `priority` = (SELECT MAX(`g`.`priority`) FROM `group_items` `g` WHERE `g`.`group_id` = `group_items`.`group_id`) + 1 - `priority`;
