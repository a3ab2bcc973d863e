import { A } from "@solidjs/router";
import { For, Show } from "solid-js";
import type { ChannelHealth as Health } from "../../api/types";
import { duration } from "../../lib/format";
import { StatusDot } from "../Badge";
import { Card } from "../Card";
import { bestLatency, channelTone, keyCounts, type HealthTone } from "./data";
import { t } from "./messages";

const TONE_LABEL: Record<HealthTone, Parameters<typeof t>[0]> = { ok: "toneOk", warn: "toneWarn", danger: "toneDanger", neutral: "toneNeutral" };

function keySummary(h: Health) {
  const c = keyCounts(h);
  return [
    c.ok && t("keysOk", { n: c.ok }),
    c.cooling && t("keysCooling", { n: c.cooling }),
    c.failed && t("keysFailed", { n: c.failed }),
    c.disabled && t("keysOff", { n: c.disabled }),
  ]
    .filter(Boolean)
    .join(" · ");
}

/** Every channel as a dot, its keys' states and its fastest endpoint. */
export function ChannelHealth(props: { health: Health[] }) {
  return (
    <Card
      title={t("health")}
      actions={
        <span class="faint xs row">
          <span class="live-dot" aria-hidden="true" />
          {t("healthNote")}
        </span>
      }
    >
      <Show when={props.health.length} fallback={<p class="faint small">{t("healthEmpty")}</p>}>
        <ul class="health-grid">
          <For each={props.health}>
            {(h) => {
              const tone = () => channelTone(h);
              const latency = () => bestLatency(h);
              return (
                <li class="health-item">
                  <StatusDot tone={tone()} label={t(TONE_LABEL[tone()])} />
                  <div class="grow">
                    <A href="/channels" class="health-name ellipsis">
                      {h.name}
                    </A>
                    <p class="faint xs ellipsis">{keySummary(h)}</p>
                  </div>
                  <span class="num xs muted">{latency() === undefined ? t("noLatency") : duration(latency())}</span>
                </li>
              );
            }}
          </For>
        </ul>
      </Show>
    </Card>
  );
}
