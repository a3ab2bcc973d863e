import { Elysia } from "elysia";
import { endpointFormat } from "../channels/endpoints";
import { Health } from "../routing/health";
import type { AdminContext } from "./context";

/** A time in the future, or null once it has passed. */
const pending = (ms: number | undefined) => (ms !== undefined && ms > Date.now() ? ms : null);

/** Live routing health: per channel its keys, endpoints and circuits; per group where traffic goes. */
export const healthRoutes = ({ state, router, heartbeat }: AdminContext) => {
  const h = router.health;
  return new Elysia()
    // Health is each instance's own view: the header names the instance that answered.
    .onAfterHandle(({ set }) => void (set.headers["x-octopus-instance"] = heartbeat.row.id))
    .get("/instances", async () =>
      (await heartbeat.seen()).map((i) => ({ ...i, self: i.id === heartbeat.row.id })),
    )
    .get("/channel/health", () =>
      [...state.channels.values()].map((channel) => ({
        channel_id: channel.id,
        name: channel.name,
        enabled: channel.enabled,
        keys: channel.keys.map((key) => {
          const k = h.keys.get(key.id);
          const usable = h.keyUsable(key.id, channel.updated_at);
          return {
            id: key.id,
            remark: key.remark,
            state: !key.enabled ? "disabled" : usable ? "ok" : k!.state,
            cooldown_until: usable ? null : pending(k?.until),
            last_error: k?.lastError ?? null,
          };
        }),
        endpoints: channel.base_urls.map((entry) => {
          const e = h.endpoints.get(Health.endpointId(channel.id, entry.url));
          return {
            url: entry.url,
            format: endpointFormat(channel.type, entry),
            state: pending(e?.until) ? "cooling" : "ok",
            latency_ms: e?.latencyMs === undefined ? null : Math.round(e.latencyMs),
            cooldown_until: pending(e?.until),
            last_error: e?.lastError ?? null,
          };
        }),
        circuits: h.circuitsOf(channel.id).map(({ id, keyId, model, circuit }) => ({
          key_id: keyId,
          model,
          state: h.circuitState(id),
          failures: circuit.failures,
          cooldown_until: pending(circuit.until),
          last_error: circuit.lastError ?? null,
        })),
      })),
    )
    .get("/group/health", () =>
      [...state.groups.values()].map((group) => ({ group_id: group.id, name: group.name, mode: group.mode, ...router.status(group) })),
    );
};
