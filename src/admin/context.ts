import type { Accounting } from "../accounting";
import type { Stores } from "../db/stores";
import type { Heartbeat } from "../fleet/instances";
import type { RelayContext } from "../relay/context";
import type { Router } from "../routing/router";
import type { AppState } from "../state";
import type { UpdateChecker } from "../update-check";
import type { Auth } from "./auth";

/** What every admin route works with. */
export interface AdminContext {
  stores: Stores;
  state: AppState;
  auth: Auth;
  accounting: Accounting;
  router: Router;
  /** What the relay sends upstream with (channel tests use it too). */
  relay: RelayContext;
  /** This instance among those sharing the database. */
  heartbeat: Heartbeat;
  updates: UpdateChecker;
}
