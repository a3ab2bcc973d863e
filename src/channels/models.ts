import { isObject } from "../protocols/json";

/** The string each item of a model list gives through `pick`, items without one left out. */
export const stringsOf = (items: unknown[], pick: (item: Record<string, unknown>) => unknown) =>
  items.flatMap((item) => {
    const value = isObject(item) ? pick(item) : undefined;
    return typeof value === "string" ? [value] : [];
  });
