import type { Database } from "../connection";
import { revocationStore } from "./revocations";
import { userStore } from "./users";

/** What checking a panel token reads, at once: its user (for the token version) and whether the token was signed out. */
export function sessionStore(db: Database) {
  const users = userStore(db);
  const revocations = revocationStore(db);
  return {
    check: (userId: number, jti: string) => Promise.all([users.findById(userId), revocations.has(jti)]),
  };
}
