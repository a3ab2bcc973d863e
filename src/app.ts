/** Starts one Octopus instance: config, database, state, HTTP server, and its orderly stop. */
import { hostname } from "node:os";
import { Accounting } from "./accounting";
import { ampRoutes } from "./amp";
import { REAL_CLOCK, type Clock } from "./clock";
import { Catalog } from "./accounting/catalog";
import { createAuth, loadJwtSecret, type Auth } from "./admin/auth";
import { Authorizers } from "./channels/authorizers";
import { startAutoSync } from "./channels/sync/auto";
import { loadConfig, type Config } from "./config";
import { parseOrigins } from "./cors";
import type { Stores } from "./db/stores";
import { ChangeFeed } from "./fleet/changes";
import { Heartbeat } from "./fleet/instances";
import { IdleCollector } from "./idle-collector";
import { Metrics } from "./metrics";
import { metricsRoute } from "./metrics/route";
import { Lifecycle } from "./lifecycle";
import { log, setLogLevel } from "./log";
import { openData } from "./open-data";
import type { RelayContext } from "./relay/context";
import { Router } from "./routing/router";
import { createServer } from "./server";
import { AppState } from "./state";
import { pinnedSettings } from "./state/settings";
import { tightenModes } from "./private-files";
import { UpdateChecker } from "./update-check";

export interface StartOptions {
  configPath?: string;
  env?: Record<string, string | undefined>;
  /** The relay's and routing's time; the real one unless a test runs it faster. */
  clock?: Clock;
}

const DEFAULT_USER = "admin";
/** How often idle endpoints of multi-endpoint channels are measured. */
const PROBE_INTERVAL_MS = 60_000;
const DEFAULT_PASSWORD = "admin";
/** At shutdown, how long streams still open past `shutdown_timeout` get to send their error event. */
const CLOSING_GRACE_MS = 1000;

/**
 * The name this instance's log rows and stats marks carry: unique among the instances sharing the
 * database and the same after a restart, so a restart can count what a crash left out. A random
 * port gives no such name (none: nothing to recover); once bound, its port names the heartbeat.
 */
function instanceName(config: Config, boundPort?: number): string | undefined {
  if (config.server.instance) return config.server.instance;
  const port = config.server.port || boundPort;
  return port ? `${hostname()}:${port}` : undefined;
}

/** Creates the first user on first start; warns on every start while a password is the default. */
async function ensureAdminUser(stores: Stores, auth: Auth) {
  if ((await stores.users.count()) === 0) {
    await stores.users.create(DEFAULT_USER, await auth.hashPassword(DEFAULT_PASSWORD));
    log.info(`created the user "${DEFAULT_USER}"`);
  }
  for (const user of await stores.users.list())
    if (await auth.noteDefaultPassword(user, DEFAULT_PASSWORD))
      log.warn(`the user "${user.username}" still has the default password: sign in to the panel and change it now`);
}

export async function startOctopus(options: StartOptions = {}) {
  const { config, path, created } = loadConfig(options.configPath, options.env);
  const pinned = pinnedSettings(options.env ?? process.env);
  setLogLevel(config.log.level);
  if (created) log.info("wrote a default configuration", { path });
  else tightenModes(path);

  const corsOrigins = parseOrigins(config.server.cors_origins);
  const { db, stores, prepared: auth } = await openData(config, path, options.env ?? process.env, async (stores) => {
    const auth = createAuth(stores, await loadJwtSecret(stores), corsOrigins);
    await ensureAdminUser(stores, auth);
    return auth;
  });
  const state = new AppState(stores, pinned);
  const lifecycle = new Lifecycle();
  const heartbeat = new Heartbeat(stores);
  const accounting = new Accounting(stores, state, new Catalog(), instanceName(config), () => heartbeat.live);
  const changes = new ChangeFeed(stores, state, async (parts) => {
    if (parts.some((p) => p === "prices" || p === "channels" || p === "groups")) await accounting.reloadPrices();
    if (parts.includes("instances")) await heartbeat.recount();
  });
  await changes.start(lifecycle);
  await accounting.start(lifecycle);
  const clock = options.clock ?? REAL_CLOCK;
  const authorizers = new Authorizers(config, clock);
  const modelSync = startAutoSync({ stores, state, accounting, authorizers });
  lifecycle.onShutdown("stop model sync", () => modelSync.stop());

  const router = new Router(() => state.channels, { health: { now: clock.now } });
  const probes = setInterval(() => void router.probeIdle(PROBE_INTERVAL_MS), PROBE_INTERVAL_MS);
  probes.unref();
  lifecycle.onShutdown("stop endpoint probes", () => clearInterval(probes));
  const stopping = new AbortController();
  const closing = new AbortController();
  const inFlight = { requests: 0, streams: 0 };
  const idle = new IdleCollector(() => inFlight.requests);
  idle.start();
  lifecycle.onShutdown("stop idle collections", () => idle.stop());
  const relay: RelayContext = {
    state,
    stopping: stopping.signal,
    closing: closing.signal,
    limits: { maxBodySize: config.relay.max_body_size, maxSseEventSize: config.relay.max_sse_event_size },
    router,
    authorizers,
    clock,
    admit: (apiKey, estimate) => accounting.admit(apiKey, estimate),
    onOutcome: (outcome, bodies) => {
      accounting.record(outcome, bodies);
      idle.requestEnded();
    },
    inFlight,
    captureLimit: () => (state.settings.relay_log_capture_bodies ? state.settings.relay_log_body_limit : 0),
  };
  const metrics = new Metrics({ state, router, accounting, relay });
  accounting.onRecord = (entry) => metrics.observe(entry);
  metrics.start();
  lifecycle.onShutdown("stop metrics", () => metrics.stop());
  const updates = new UpdateChecker((options.env ?? process.env).OCTOPUS_GITHUB_PAT || undefined);
  const amp = config.ampcode.enabled ? ampRoutes(relay, { config: config.ampcode, env: options.env ?? process.env }) : undefined;
  const app = createServer({ stores, state, auth, accounting, router, relay, heartbeat, updates }, corsOrigins, metricsRoute(metrics, state), amp);
  try {
    app.listen({
      hostname: config.server.host,
      port: config.server.port,
      // Elysia shares the port by default: a second instance would take half the traffic silently.
      reusePort: config.server.reuse_port,
      // Beyond the relay's own bound (answered in the client's format), Bun refuses the body outright.
      maxRequestBodySize: config.relay.max_body_size + 1024 * 1024,
      // The same bound for a WebSocket frame (a Responses request); past it Bun closes with 1009.
      websocket: { maxPayloadLength: config.relay.max_body_size + 1024 * 1024 },
    });
  } catch (e) {
    await lifecycle.shutdown();
    await db.close();
    if ((e as { code?: string }).code !== "EADDRINUSE") throw e;
    throw new Error(
      `port ${config.server.port} is already in use; stop the other process, choose another server.port (OCTOPUS_SERVER_PORT), or set server.reuse_port to share it`,
    );
  }
  const server = app.server!;
  await heartbeat.start(lifecycle, instanceName(config, server.port)!);
  const shown = config.server.host === "0.0.0.0" || config.server.host === "::" ? "localhost" : config.server.host;
  const url = `http://${shown.includes(":") ? `[${shown}]` : shown}:${server.port}`;
  log.info("listening", { address: `${config.server.host}:${server.port}`, database: config.database.type });
  log.info(`panel: ${url}/`);

  let stopped: Promise<void> | undefined;
  /** Stops accepting, lets in-flight requests finish within the configured bound, then runs the hooks. */
  const stop = () =>
    (stopped ??= (async () => {
      stopping.abort();
      const graceful = server.stop(false).then(() => true);
      if (!(await Promise.race([graceful, Bun.sleep(config.server.shutdown_timeout * 1000).then(() => false)]))) {
        // Streams still open are told why they end, in their client's format, before connections close.
        closing.abort();
        await Promise.race([graceful, Bun.sleep(CLOSING_GRACE_MS)]);
      }
      await server.stop(true);
      await lifecycle.shutdown();
      await db.close();
    })());

  return { url, config, stores, state, accounting, authorizers, router, lifecycle, relay, heartbeat, routes: app.routes, stop };
}

export type Octopus = Awaited<ReturnType<typeof startOctopus>>;
