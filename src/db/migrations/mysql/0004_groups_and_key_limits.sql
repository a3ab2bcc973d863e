ALTER TABLE `api_keys` ADD `rpm` int;--> statement-breakpoint
ALTER TABLE `api_keys` ADD `tpm` int;--> statement-breakpoint
ALTER TABLE `api_keys` ADD `max_concurrency` int;--> statement-breakpoint
ALTER TABLE `group_items` ADD `position` int DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `groups` ADD `aliases` longtext;--> statement-breakpoint
ALTER TABLE `groups` ADD `active_item_id` int;--> statement-breakpoint
-- Data, not generated: items keep their order; failover priorities turn around (priority 1 is now tried first), so each group keeps its failover order.
UPDATE `group_items` SET `position` = `id`;--> statement-breakpoint
UPDATE `group_items` `gi` JOIN (SELECT `group_id`, MAX(`priority`) AS `top` FROM `group_items` GROUP BY `group_id`) `m` ON `m`.`group_id` = `gi`.`group_id` SET `gi`.`priority` = `m`.`top` + 1 - `gi`.`priority`;
