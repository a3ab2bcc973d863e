/** The schema for postgres; drizzle-kit reads this file to generate migrations. */
import { postgresColumns } from "./columns-postgres";
import { defineTables } from "./tables";

export const { users, settings, channels, channelKeys, groups, groupItems, apiKeys, prices, stats, statMarks, stateChanges, instances, requestLogs } =
  defineTables(postgresColumns);
