/** MySQL's column factory (see columns.ts). */
import * as m from "drizzle-orm/mysql-core";
import { sharedColumns } from "../sqlite-shaped";
import { jsonText } from "./columns";

const json = jsonText(m.customType, "longtext");

export const mysqlColumns = sharedColumns({
  table: m.mysqlTable,
  id: () => m.int().primaryKey().autoincrement(),
  str: (length: number) => m.varchar({ length }),
  text: () => m.longtext(),
  int: () => m.int(),
  big: () => m.bigint({ mode: "number" }),
  real: () => m.double(),
  bool: () => m.boolean(),
  json: () => json(),
  index: m.index,
  uniqueIndex: m.uniqueIndex,
  primaryKey: m.primaryKey,
});
