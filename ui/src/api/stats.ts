import { api } from "./client";
import type { Counters, StatRow } from "./types";

export type StatScope = "daily" | "hourly" | "channel" | "model" | "apikey";

export const statsApi = {
  total: () => api.get<Counters>("/stats/total"),
  /** Keys: "YYYY-MM-DD" (daily), "YYYY-MM-DD HH" (hourly), a channel or API key id, a model name. */
  list: (scope: StatScope) => api.get<StatRow[]>(`/stats/${scope}`),
};
