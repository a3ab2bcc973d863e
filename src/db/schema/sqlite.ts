/** The schema for sqlite; drizzle-kit reads this file to generate migrations. */
import { sqliteColumns } from "./columns";
import { defineTables } from "./tables";

export const { users, settings, channels, channelKeys, groups, groupItems, apiKeys, prices, stats, statMarks, stateChanges, instances, requestLogs } =
  defineTables(sqliteColumns);
