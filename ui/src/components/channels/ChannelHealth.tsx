/** One channel's live health in a table cell: keys, each base URL with its latency (and format, when they differ), paused circuits. */
import { For, Show } from "solid-js";
import type { ChannelHealth as Health, ChannelType } from "../../api/types";
import { locale } from "../../i18n";
import { dateTime, duration } from "../../lib/format";
import { StatusDot, type Tone } from "../Badge";
import { t } from "./messages";
import { urlFormats } from "./validate";

const host = (url: string) => {
  try {
    const u = new URL(url);
    return u.host + (u.pathname === "/" ? "" : u.pathname);
  } catch {
    return url;
  }
};

const time = (ms: number | null) => (ms === null ? "–" : dateTime(ms, locale()));

export function ChannelHealth(props: { health: Health | undefined; enabled: boolean; types: ChannelType[] }) {
  const formatName = (format = "") => urlFormats(props.types).find((f) => f.value === format)?.label ?? format;
  const keys = () => props.health?.keys ?? [];
  const usable = () => keys().filter((k) => k.state === "ok").length;
  const enabledKeys = () => keys().filter((k) => k.state !== "disabled").length;
  const keyTone = (): Tone => (!props.enabled ? "neutral" : usable() === 0 ? "danger" : usable() < enabledKeys() ? "warn" : "ok");
  const troubled = () => keys().filter((k) => k.state === "failed" || k.state === "cooling");
  const circuits = () => (props.health?.circuits ?? []).filter((c) => c.state !== "closed");
  const multiFormat = () => new Set(props.health?.endpoints.map((e) => e.format)).size > 1;
  return (
    <Show when={props.health} fallback={<span class="faint">–</span>}>
      <ul class="ch-health" classList={{ "ch-health-off": !props.enabled }}>
        <li>
          <StatusDot tone={keyTone()} label={t("keysOk", { ok: usable(), total: enabledKeys() })} />
          <span>{keys().length ? t("keysOk", { ok: usable(), total: enabledKeys() }) : t("noKeys")}</span>
        </li>
        <For each={troubled()}>
          {(k) => (
            <li class="ch-health-issue" title={k.last_error ?? undefined}>
              {k.state === "failed"
                ? t("keyFailed", { name: k.remark || `#${k.id}` })
                : t("keyCooling", { name: k.remark || `#${k.id}`, time: time(k.cooldown_until) })}
            </li>
          )}
        </For>
        <For each={props.health!.endpoints}>
          {(e) => (
            <li title={e.last_error ? `${e.url}\n${e.last_error}` : e.url}>
              <StatusDot tone={!props.enabled ? "neutral" : e.state === "ok" ? "ok" : "warn"} label={e.state === "ok" ? "ok" : t("endpointCooling", { time: time(e.cooldown_until) })} />
              <span class="mono ellipsis ch-health-host">{host(e.url)}</span>
              <Show when={multiFormat()}>
                <span class="ch-health-format">{formatName(e.format)}</span>
              </Show>
              <span class={e.state === "ok" ? "num faint" : "ch-health-warn"}>
                {e.state === "ok" ? (e.latency_ms === null ? t("notMeasured") : duration(e.latency_ms)) : t("endpointCooling", { time: time(e.cooldown_until) })}
              </span>
            </li>
          )}
        </For>
        <For each={circuits()}>
          {(c) => (
            <li class="ch-health-issue" title={c.last_error ?? undefined}>
              {c.state === "open" ? t("circuit", { model: c.model, time: time(c.cooldown_until) }) : t("circuitProbing", { model: c.model })}
            </li>
          )}
        </For>
      </ul>
    </Show>
  );
}
