import { api } from "./client";
import type { Group, GroupHealth, GroupInput } from "./types";

export type GroupBody = Omit<GroupInput, "mode"> & { mode: Group["mode"] };

export const groupApi = {
  list: () => api.get<Group[]>("/group/list"),
  health: () => api.get<GroupHealth[]>("/group/health"),
  create: (body: GroupBody) => api.post<Group>("/group/create", body),
  update: (id: number, body: Partial<GroupBody>) => api.post<Group>("/group/update", { id, ...body }),
  remove: (id: number) => api.delete<{ id: number }>(`/group/delete/${id}`),
};
