/**
 * One instance's authorizers: each target that authorizes keys gets its authorizer made once, on
 * first use, with the instance's config and clock, so what it caches (access tokens, projects)
 * lives as long as the instance and no longer.
 */
import type { Clock } from "../clock";
import type { Config } from "../config";
import type { Authorizer, Credential, OutboundTarget } from "./target";

export class Authorizers {
  private readonly made = new Map<OutboundTarget, Authorizer>();

  constructor(
    private readonly config: Config,
    private readonly clock: Clock,
  ) {}

  /** The target's authorizer; undefined for a target whose keys are sent as they are. */
  of(target: OutboundTarget): Authorizer | undefined {
    if (!target.authorizer) return undefined;
    let authorizer = this.made.get(target);
    if (!authorizer) this.made.set(target, (authorizer = target.authorizer(this.config, this.clock)));
    return authorizer;
  }

  /** The credential a call of `target` with `key` is sent with: the key itself unless the target authorizes. Throws AuthorizeError. */
  credential(target: OutboundTarget, key: string, base: string, call: { signal: AbortSignal; proxy?: string }): Promise<Credential> | Credential {
    const authorizer = this.of(target);
    return authorizer ? authorizer.authorize(key, base, call) : { token: key };
  }
}
