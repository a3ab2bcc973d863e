/**
 * What one request tries next: the router's candidates drawn one at a time, each told how the one
 * before it failed (a refused key goes on with the channel's next key, an unreachable endpoint with
 * its next endpoint), within the attempt and time bounds; and the bookkeeping of each try, its log
 * entry and what it teaches the routing health.
 */
import type { GroupRow } from "../db/stores/groups";
import type { Format, IRError } from "../protocols/ir";
import { classifyStatus, isRetryable } from "../routing/retry";
import type { Candidate, Plan, Session } from "../routing/router";
import type { Failure } from "./attempt";
import type { Attempt, RelayContext } from "./context";

export class AttemptPlan {
  /** Every try so far, as the request's log row keeps them. */
  readonly attempts: Attempt[] = [];
  /** The last failure and the candidate it came from. */
  last?: Failure & { candidate: Candidate };
  private current?: { candidate: Candidate; began: number };
  /** The first candidate, drawn when the plan opens so `unservable` can tell; `next()` hands it out. */
  private first?: IteratorResult<Candidate, void>;
  private stopped = false;

  private constructor(
    private readonly ctx: RelayContext,
    private readonly group: GroupRow,
    private readonly session: Session,
    private readonly routed: Plan,
    private readonly deadline: number,
  ) {
    this.first = routed.attempts.next();
  }

  /**
   * The plan for a request in the `client` format to `group`, sent in one of `formats` (all when
   * absent). When everything is cooling down and `wait` allows, waits for the first to be ready,
   * never past the deadline.
   */
  static async open(ctx: RelayContext, group: GroupRow, session: Session, deadline: number, route: { client: Format; formats?: Format[]; wait: boolean }) {
    const plan = () => ctx.router.plan(group, session, route.formats, route.client);
    let routed = plan();
    if (route.wait && routed.readyAt !== undefined && routed.readyAt < deadline) {
      await ctx.clock.sleep(Math.max(0, routed.readyAt - ctx.clock.now()));
      routed = plan();
    }
    return new AttemptPlan(ctx, group, session, routed, deadline);
  }

  /** When nothing was usable: the moment the first cooling candidate is ready again. */
  get readyAt() {
    return this.routed.readyAt;
  }

  /** No channel of the group can serve the request: none usable, none cooling down. */
  get unservable() {
    return this.routed.readyAt === undefined && this.first?.done === true;
  }

  /** The candidate to try now, or none: out of candidates, attempts or time, or a failure not to retry. */
  next(): Candidate | undefined {
    if (this.stopped || this.attempts.length >= this.ctx.state.settings.relay_max_attempts || this.ctx.clock.now() >= this.deadline) return undefined;
    const drawn = this.first ?? this.routed.attempts.next(this.last?.kind);
    this.first = undefined;
    if (drawn.done) return undefined;
    this.current = { candidate: drawn.value, began: 0 };
    return drawn.value;
  }

  /** Call right before sending: a half-open circuit lets this request probe it. */
  begin() {
    const current = this.current!;
    current.began = this.ctx.clock.now();
    this.ctx.router.begin(current.candidate);
  }

  /** The current candidate answered: a stream or body is on its way to the client. */
  succeeded(ttfbMs: number) {
    const { candidate } = this.record(200);
    this.ctx.router.report(candidate, { ok: true, ttfbMs }, this.group, this.session);
  }

  /** The current candidate failed; a failure another candidate may not repeat ends the plan. */
  failed(failure: Failure) {
    const { error, kind } = failure;
    const { candidate } = this.record(error.status, error.message);
    this.last = { ...failure, candidate };
    if (!kind || !isRetryable(kind)) this.stopped = true;
    if (kind) this.ctx.router.report(candidate, { ok: false, kind, message: error.message, retryAfterMs: error.retryAfter && error.retryAfter * 1000 });
  }

  /** A stream that broke after it was committed still tells on its channel (a client leaving does not). */
  broke(candidate: Candidate, error: IRError) {
    if (error.status !== 499) this.ctx.router.report(candidate, { ok: false, kind: classifyStatus(error.status), message: error.message });
  }

  private record(status: number, error?: string) {
    const { candidate, began } = this.current!;
    this.attempts.push({
      channel_id: candidate.channel.id,
      channel_name: candidate.channel.name,
      key_remark: candidate.key.remark,
      endpoint: candidate.baseUrl,
      status,
      duration_ms: this.ctx.clock.now() - began,
      ...(error !== undefined && { error }),
    });
    return this.current!;
  }
}
