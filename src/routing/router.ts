/**
 * Which channel, key and endpoint serve a request, in order: the group's available items ordered
 * by its balancing mode (a sticky channel first), each with its usable keys in rotation and its
 * fastest endpoint; and what each attempt's outcome teaches the health registry.
 */
import { channelType } from "../channels/types";
import type { ChannelKey, ChannelRow } from "../db/stores/channels";
import type { GroupItem, GroupRow } from "../db/stores/groups";
import { FORMATS, type Format } from "../protocols/ir";
import { Balancer, byPriority, manualOrder } from "./balancer";
import { ExpiringLru } from "./expiring-lru";
import { Health, type HealthOptions } from "./health";
import type { Random } from "./random";
import type { FailureKind } from "./retry";
import { redact } from "../secrets";

export interface Candidate {
  channel: ChannelRow;
  format: Format;
  /** The model name the channel knows. */
  model: string;
  /** The group item this candidate serves (none for a channel test). */
  itemId?: number;
  key: ChannelKey;
  baseUrl: string;
}

/** Who asks: the API key, and the conversation when the client names one (see each format's client.ts under protocols). */
export interface Session {
  apiKeyId: number;
  conversation?: string;
}

/** Sessions whose channel is remembered for `affinity_window`, per Octopus: the least recent go first. */
export const STICKY_SESSIONS = 50_000;

export type AttemptOutcome = { ok: true; ttfbMs: number } | { ok: false; kind: FailureKind; message: string; retryAfterMs?: number };

export interface Plan {
  /**
   * The attempts to make, in order. Pass `next()` how the previous attempt failed: a refused key
   * goes on with the item's next key, an unreachable endpoint with its next endpoint, any other
   * failure with the next item.
   */
  attempts: Generator<Candidate, void, FailureKind | undefined>;
  /** When nothing is usable now: the moment the first cooling candidate is ready again. */
  readyAt?: number;
}

interface Item {
  channel: ChannelRow;
  /** The format this request is sent in, and the channel's base URLs that speak it. */
  format: Format;
  urls: string[];
  item: GroupItem;
  keys: ChannelKey[];
  priority: number;
  weight: number;
}

/** A conversation sticks within its API key and group; a request naming none sticks by its key. */
const stickyId = (group: GroupRow, s: Session) => `${s.apiKeyId}\u0000${group.id}\u0000${s.conversation ?? ""}`;

const circuitOf = (c: Candidate) => Health.circuitId(c.channel.id, c.key.id, c.model);

export class Router {
  readonly health: Health;
  private readonly balancer: Balancer;
  private keyTurns = new Map<number, number>();
  private readonly sticky: ExpiringLru<{ channelId: number; model: string; until: number }>;
  /** Per group, the item that served its last successful request. */
  private lastServed = new Map<number, { item_id?: number; channel_id: number; model: string; at: number }>();

  constructor(
    private readonly channels: () => ReadonlyMap<number, ChannelRow>,
    options: { random?: Random; health?: Partial<HealthOptions>; stickySessions?: number } = {},
  ) {
    this.health = new Health(options.health);
    this.balancer = new Balancer(options.random);
    this.sticky = new ExpiringLru(options.stickySessions ?? STICKY_SESSIONS, () => this.health.options.now());
  }

  /** How many sessions are remembered now (bounded by `stickySessions`). */
  get stickySize() {
    return this.sticky.size;
  }

  /**
   * `client`: the format the request came in, sent as is to channels with an endpoint of it;
   * `formats`: the only formats the call can be sent in (all when absent).
   */
  plan(group: GroupRow, session: Session, formats?: Format[], client?: Format): Plan {
    const now = this.health.options.now();
    const items = this.items(group, formats, client);
    const usable = items.filter((i) => i.keys.some((k) => this.keyOpen(i, k)));
    if (usable.length === 0) {
      const readyAt = Math.min(...items.flatMap((i) => i.keys.map((k) => this.readyAt(i, k))));
      return { attempts: this.walk([]), readyAt: Number.isFinite(readyAt) ? readyAt : undefined };
    }
    // Items whose every endpoint is cooling down stay as fallbacks, after the others.
    const ordered: Item[] = [];
    const unreachable: Item[] = [];
    const order = group.mode === "manual" ? manualOrder(usable, group.active_item_id) : this.balancer.order(group.id, group.mode, usable);
    for (const i of order) {
      const reachable = i.urls.some((url) => this.health.endpoint(i.channel.id, url).until <= now);
      (reachable ? ordered : unreachable).push(i);
    }
    ordered.push(...unreachable);
    // Manual mode: the chosen item takes all traffic, sticky sessions included.
    const stick = group.affinity_window > 0 && group.mode !== "manual" ? this.sticky.get(stickyId(group, session)) : undefined;
    if (stick) {
      const at = ordered.findIndex((i) => i.channel.id === stick.channelId && i.item.model === stick.model);
      if (at > 0) ordered.unshift(...ordered.splice(at, 1));
    }
    return { attempts: this.walk(ordered) };
  }

  /**
   * Where the group's traffic goes now, without moving any counter: the next item where the mode
   * fixes it (round robin, failover, manual), the item that served last, and the items cooling
   * down with when they are ready.
   */
  status(group: GroupRow) {
    const items = this.items(group);
    const open = (i: Item) => i.keys.some((k) => this.keyOpen(i, k));
    const usable = items.filter(open);
    const next =
      usable.length === 0
        ? undefined
        : group.mode === "round_robin"
          ? usable[this.balancer.peekTurn(group.id, usable.length)]
          : group.mode === "failover"
            ? byPriority(usable)[0]
            : group.mode === "manual"
              ? manualOrder(usable, group.active_item_id)[0]
              : undefined;
    return {
      current: next && { item_id: next.item.id, channel_id: next.channel.id, model: next.item.model },
      last_served: this.lastServed.get(group.id) ?? null,
      cooling: items
        .filter((i) => !open(i))
        .map((i) => ({ channel_id: i.channel.id, model: i.item.model, ready_at: Math.min(...i.keys.map((k) => this.readyAt(i, k))) })),
    };
  }

  /**
   * Measures the endpoints of multi-endpoint channels that no request used within `idleMs`: the
   * time to the response headers of a plain GET of the base URL (any status will do; a network
   * error cools the endpoint down). Keeps the latency ranking fresh while traffic is quiet.
   */
  async probeIdle(idleMs: number, timeoutMs = 5000) {
    const now = this.health.options.now();
    const probes: Promise<void>[] = [];
    for (const channel of this.channels().values()) {
      if (!channel.enabled || channel.base_urls.length < 2) continue;
      // One URL may serve two formats: measured once.
      for (const url of new Set(channel.base_urls.map((e) => e.url))) {
        if (now - this.health.endpoint(channel.id, url).lastUsed < idleMs) continue;
        probes.push(this.probe(channel, url, timeoutMs));
      }
    }
    await Promise.all(probes);
  }

  private async probe(channel: ChannelRow, url: string, timeoutMs: number) {
    const started = performance.now();
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), ...(channel.proxy_url && { proxy: channel.proxy_url }) });
      await response.body?.cancel();
      this.health.endpointLatency(channel.id, url, performance.now() - started);
    } catch {
      this.health.endpointFailed(channel.id, url, "probe: endpoint unreachable");
    }
  }

  /** Call right before trying a candidate: a half-open circuit lets this one request probe it. */
  begin(candidate: Candidate) {
    if (this.health.circuits.size > 0) this.health.circuitBegin(circuitOf(candidate));
  }

  /** Records what an attempt taught; on success, also where a sticky session stays. */
  report(candidate: Candidate, outcome: AttemptOutcome, group?: GroupRow, session?: Session) {
    const h = this.health;
    if (outcome.ok) {
      h.keyWorked(candidate.key.id);
      if (h.circuits.size > 0) h.circuitSucceeded(circuitOf(candidate));
      h.endpointLatency(candidate.channel.id, candidate.baseUrl, outcome.ttfbMs);
      if (group) this.lastServed.set(group.id, { item_id: candidate.itemId, channel_id: candidate.channel.id, model: candidate.model, at: h.options.now() });
      if (group && session && group.affinity_window > 0)
        this.sticky.set(stickyId(group, session), {
          channelId: candidate.channel.id,
          model: candidate.model,
          until: h.options.now() + group.affinity_window * 1000,
        });
      return;
    }
    const circuit = circuitOf(candidate);
    if (outcome.kind === "invalid") return;
    // Shown by the health routes: no secret an upstream quoted.
    const message = redact(outcome.message);
    switch (outcome.kind) {
      case "auth":
        return h.keyFailed(candidate.key.id, message);
      case "rate_limit":
        return h.keyCooling(candidate.key.id, message, outcome.retryAfterMs);
      case "connection":
        h.endpointFailed(candidate.channel.id, candidate.baseUrl, message);
        return h.circuitFailed(circuit, message);
      default:
        return h.circuitFailed(circuit, message);
    }
  }

  /** Items of the group the relay can serve (enabled channel with an endpoint of a usable format and enabled keys). */
  private items(group: GroupRow, formats?: Format[], client?: Format): Item[] {
    const channels = this.channels();
    const out: Item[] = [];
    for (const item of group.items) {
      const channel = channels.get(item.channel_id);
      // A type not relayed yet has no target.
      const type = channel?.enabled ? channelType(channel.type) : undefined;
      if (!channel || !type?.target) continue;
      const own = type.format;
      const format = sendFormat(channel, own, formats, client);
      const keys = channel.keys.filter((k) => k.enabled);
      if (!format || keys.length === 0) continue;
      const urls = channel.base_urls.flatMap((e) => ((e.format ?? own) === format ? [e.url] : []));
      out.push({ channel, format, urls, item, keys, priority: item.priority, weight: item.weight });
    }
    return out;
  }

  private keyOpen(i: Item, key: ChannelKey) {
    const h = this.health;
    // No circuit has failed: skip building the circuit's id.
    return h.keyUsable(key.id, i.channel.updated_at) && (h.circuits.size === 0 || h.circuitUsable(Health.circuitId(i.channel.id, key.id, i.item.model)));
  }

  private readyAt(i: Item, key: ChannelKey) {
    return Math.max(this.health.keyReadyAt(key.id, i.channel.updated_at), this.health.circuitReadyAt(Health.circuitId(i.channel.id, key.id, i.item.model)));
  }

  /**
   * Each item's open keys, rotated per channel. A refused key goes on with the next key, an
   * unreachable endpoint with the channel's next endpoint; any other failure, with the next item.
   */
  private *walk(items: Item[]): Generator<Candidate, void, FailureKind | undefined> {
    for (const i of items) {
      const open = i.keys.filter((k) => this.keyOpen(i, k));
      const turn = this.keyTurns.get(i.channel.id) ?? 0;
      this.keyTurns.set(i.channel.id, turn + 1);
      for (let n = 0; n < open.length; n++) {
        const key = open[(turn + n) % open.length];
        const tried = new Set<string>();
        let failure: FailureKind | undefined;
        do {
          const candidate: Candidate = { channel: i.channel, format: i.format, model: i.item.model, itemId: i.item.id, key, baseUrl: this.endpointFor(i, tried) };
          tried.add(candidate.baseUrl);
          failure = yield candidate;
        } while (failure === "connection" && tried.size < i.urls.length);
        if (failure !== "auth") break;
      }
    }
  }

  /** The item's fastest endpoint not yet `tried` that is not cooling down; when all are, the one ready first. */
  private endpointFor(i: Item, tried: ReadonlySet<string>): string {
    const now = this.health.options.now();
    let best: { url: string; score: number } | undefined;
    for (const url of i.urls) {
      if (tried.has(url)) continue;
      const e = this.health.endpoint(i.channel.id, url);
      // Cooling endpoints rank after every ready one; unmeasured ones rank first, to be measured.
      const score = e.until > now ? 1e12 + e.until : (e.latencyMs ?? 0);
      if (!best || score < best.score) best = { url, score };
    }
    return best!.url;
  }
}

/**
 * The format a request goes to `channel` in: the client's when the channel has an endpoint of it
 * (passed through), else the channel type's (converted); only one of `formats` when given.
 */
function sendFormat(channel: ChannelRow, own: Format, formats?: Format[], client?: Format): Format | undefined {
  const speaks = (f: Format) => (!formats || formats.includes(f)) && channel.base_urls.some((e) => (e.format ?? own) === f);
  if (client && speaks(client)) return client;
  if (speaks(own)) return own;
  return (formats ?? FORMATS).find(speaks);
}
