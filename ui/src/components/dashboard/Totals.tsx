import { createSignal } from "solid-js";
import type { Counters } from "../../api/types";
import { locale } from "../../i18n";
import { compact, money, percent } from "../../lib/format";
import { Stat } from "../Stat";
import { Tabs } from "../Tabs";
import { cacheTokens, successRate } from "./data";
import { t } from "./messages";
import "./dashboard.css";

/** Headline numbers for today or all time. */
export function Totals(props: { today: Counters; total: Counters }) {
  const [period, setPeriod] = createSignal<"today" | "total">("today");
  const c = () => (period() === "today" ? props.today : props.total);
  const n = (v: number) => compact(v, locale());
  const rate = () => successRate(c());
  return (
    <section class="stack dash-totals" aria-label={t("period")}>
      <Tabs
        label={t("period")}
        value={period()}
        onChange={setPeriod}
        tabs={[
          { id: "today", label: t("today") },
          { id: "total", label: t("allTime") },
        ]}
      />
      <div class="dash-stats" role="tabpanel">
        <Stat label={t("requests")} value={n(c().requests)} sub={c().requests ? t("failedCount", { n: n(c().failed) }) : t("noRequests")} />
        <Stat
          label={t("successRate")}
          value={percent(rate(), locale())}
          tone={rate() === undefined ? undefined : rate()! >= 0.99 ? "ok" : rate()! >= 0.9 ? "warn" : "danger"}
          sub={t("failedCount", { n: n(c().failed) })}
        />
        <Stat label={t("inputTokens")} value={n(c().input_tokens)} />
        <Stat label={t("outputTokens")} value={n(c().output_tokens)} sub={c().reasoning_tokens ? t("reasoning", { n: n(c().reasoning_tokens) }) : undefined} />
        <Stat label={t("cacheTokens")} value={n(cacheTokens(c()))} sub={t("cacheSplit", { read: n(c().cache_read_tokens), write: n(c().cache_write_tokens) })} />
        <Stat label={t("cost")} value={money(c().cost, locale())} sub={c().requests ? t("perRequest", { cost: money(c().cost / c().requests, locale()) }) : undefined} />
      </div>
    </section>
  );
}
