import { api } from "./client";

export interface SystemInfo {
  version: string;
  database: "sqlite" | "mysql" | "postgres";
  started_at: number;
  uptime_s: number;
}

export const systemApi = {
  info: () => api.get<SystemInfo>("/system/info"),
};
