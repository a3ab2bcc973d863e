import { For, Show } from "solid-js";
import { locale } from "../../i18n";
import { compact, money, percent } from "../../lib/format";
import { Card } from "../Card";
import type { TopRow } from "./data";
import { t } from "./messages";

/** Up to five names with most requests, each with a bar against the first. */
export function TopList(props: { title: string; rows: TopRow[] }) {
  return (
    <Card title={props.title}>
      <Show when={props.rows.length} fallback={<p class="faint small">{t("topEmpty")}</p>}>
        <ol class="top-list">
          <For each={props.rows}>
            {(row) => (
              <li class="top-row">
                <div class="top-line">
                  <span class="ellipsis grow" title={row.name}>
                    {row.name}
                  </span>
                  <span class="num small">{money(row.counters.cost, locale())}</span>
                </div>
                <div class="top-bar" aria-hidden="true">
                  <span style={{ width: `${Math.max(row.share * 100, 2)}%` }} />
                </div>
                <p class="faint xs num">
                  {t("rowSummary", { requests: compact(row.counters.requests, locale()), tokens: compact(row.counters.input_tokens + row.counters.output_tokens, locale()) })}
                  <Show when={row.counters.cache_hit_rate !== null}>
                    <span title={t("cacheHitsHint")}> · {t("cacheHits", { percent: percent(row.counters.cache_hit_rate, locale()) })}</span>
                  </Show>
                </p>
              </li>
            )}
          </For>
        </ol>
      </Show>
    </Card>
  );
}
