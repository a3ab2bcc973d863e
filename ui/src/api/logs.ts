import { api, API_BASE, queryString } from "./client";
import type { LogDetail, LogFilter, LogItem, LogPage } from "./types";

export interface LogQuery extends LogFilter {
  page?: number;
  page_size?: number;
}

export const logApi = {
  list: (q: LogQuery = {}) => api.get<LogPage>(`/log/list${queryString({ ...q })}`),
  get: (id: number) => api.get<LogDetail>(`/log/${id}`),
  clear: () => api.delete<{ ok: boolean }>("/log/clear"),
  /** Live entries as they are recorded; returns the function that stops listening. */
  live(onEntry: (entry: LogItem) => void, onState?: (open: boolean) => void): () => void {
    const source = new EventSource(`${API_BASE}/log/stream`, { withCredentials: true });
    source.onopen = () => onState?.(true);
    source.onerror = () => onState?.(false);
    source.onmessage = (event) => onEntry(JSON.parse(event.data) as LogItem);
    return () => source.close();
  },
};
