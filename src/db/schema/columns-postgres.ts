/** PostgreSQL's column factory (see columns.ts). */
import * as p from "drizzle-orm/pg-core";
import { sharedColumns } from "../sqlite-shaped";
import { jsonText } from "./columns";

const json = jsonText(p.customType, "text");

export const postgresColumns = sharedColumns({
  table: p.pgTable,
  id: () => p.serial().primaryKey(),
  str: (length: number) => p.varchar({ length }),
  text: () => p.text(),
  int: () => p.integer(),
  big: () => p.bigint({ mode: "number" }),
  real: () => p.doublePrecision(),
  bool: () => p.boolean(),
  json: () => json(),
  index: p.index,
  uniqueIndex: p.uniqueIndex,
  primaryKey: p.primaryKey,
});
