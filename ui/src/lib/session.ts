/** The signed-in user, shared by the shell and the settings page. */
import { createRoot, createSignal } from "solid-js";
import type { UserInfo } from "../api/types";

const [user, setUser] = createRoot(() => createSignal<UserInfo>());
export { setUser, user };

/** Where sign-in sends the user back to: a path of the panel, never another site. */
export function safeNext(next: string | undefined | null): string {
  return next && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/sign-in") ? next : "/";
}
