import { api } from "./client";
import type { Session, UserInfo } from "./types";

export const userApi = {
  info: () => api.get<UserInfo>("/user/info"),
  login: (username: string, password: string) => api.post<Session>("/user/login", { username, password }),
  logout: () => api.post<{ ok: boolean }>("/user/logout"),
  changePassword: (old_password: string, new_password: string) => api.post<Session>("/user/change-password", { old_password, new_password }),
  changeUsername: (username: string, password: string) => api.post<UserInfo>("/user/change-username", { username, password }),
};
