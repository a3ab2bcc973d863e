import { api } from "./client";
import type { Setting, SettingKey } from "./types";

export const settingApi = {
  list: () => api.get<Setting[]>("/setting/list"),
  set: (key: SettingKey, value: Setting["value"]) => api.post<{ key: SettingKey; value: Setting["value"] }>("/setting/set", { key, value }),
};
