import { api } from "./client";

export interface SystemInfo {
  version: string;
  /** Null when run from source, as is built_at. */
  commit: string | null;
  built_at: string | null;
  platform: string;
  database: "sqlite" | "mysql" | "postgres";
  started_at: number;
  uptime_s: number;
}

export interface UpdateStatus {
  latest: { version: string; name: string; url: string; published_at: string | null } | null;
  update_available: boolean;
  checked_at: number | null;
  /** "could not check: <reason>" when the release server was not asked or did not answer. */
  error: string | null;
}

export const systemApi = {
  info: () => api.get<SystemInfo>("/system/info"),
  update: () => api.get<UpdateStatus>("/update"),
};
