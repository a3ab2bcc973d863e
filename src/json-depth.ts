/**
 * Request bodies nest arrays and objects a few dozen levels at most. Far deeper ones parse fine
 * (the parser does not recurse) but overflow the stack of everything that walks them afterwards
 * (validators, converters, JSON.stringify), so both the relay and the admin API refuse them.
 */
export const MAX_JSON_DEPTH = 256;

export const TOO_DEEP = `request body nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels`;

/** Whether a parsed JSON value nests deeper than `limit`; walks no deeper than `limit` + 1 levels. */
export function nestsDeeperThan(value: unknown, limit = MAX_JSON_DEPTH): boolean {
  if (typeof value !== "object" || value === null) return false;
  if (limit === 0) return true;
  if (Array.isArray(value)) {
    for (const item of value) if (nestsDeeperThan(item, limit - 1)) return true;
  } else {
    for (const key in value) if (nestsDeeperThan((value as Record<string, unknown>)[key], limit - 1)) return true;
  }
  return false;
}
