import { api, API_BASE, queryString } from "./client";
import type { LiveLogEntry, LogDetail, LogFilter, LogPage } from "./types";

export interface LogQuery extends LogFilter {
  page?: number;
  /** Keyset paging: the rows after this one (a page's `next_before_id`). */
  before_id?: number;
  page_size?: number;
}

/** Wait before opening a live stream again that the server closed (EventSource retries only dropped ones). */
const REOPEN_MS = 5000;

export const logApi = {
  list: (q: LogQuery = {}) => api.get<LogPage>(`/log/list${queryString({ ...q })}`),
  get: (id: number) => api.get<LogDetail>(`/log/${id}`),
  clear: () => api.delete<{ ok: boolean }>("/log/clear"),
  /** Live entries as they are recorded; returns the function that stops listening. */
  live(onEntry: (entry: LiveLogEntry) => void, onState?: (open: boolean) => void): () => void {
    let source: EventSource | undefined;
    let reopen: ReturnType<typeof setTimeout> | undefined;
    const open = () => {
      const current = (source = new EventSource(`${API_BASE}/log/stream`, { withCredentials: true }));
      current.onopen = () => onState?.(true);
      current.onerror = () => {
        onState?.(false);
        if (current.readyState === EventSource.CLOSED) reopen = setTimeout(open, REOPEN_MS);
      };
      current.onmessage = (event) => onEntry(JSON.parse(event.data) as LiveLogEntry);
    };
    open();
    return () => {
      clearTimeout(reopen);
      source?.close();
    };
  },
};
