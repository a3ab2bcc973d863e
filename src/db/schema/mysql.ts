/** The schema for mysql; drizzle-kit reads this file to generate migrations. */
import { mysqlColumns } from "./columns-mysql";
import { defineTables } from "./tables";

export const { users, settings, channels, channelKeys, groups, groupItems, apiKeys, prices, stats, statMarks, stateChanges, instances, requestLogs } =
  defineTables(mysqlColumns);
