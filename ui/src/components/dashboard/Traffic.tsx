import { createMemo, createSignal, lazy, Suspense } from "solid-js";
import type { StatRow } from "../../api/types";
import { locale } from "../../i18n";
import { compact, day, money } from "../../lib/format";
import { Card } from "../Card";
import { Loading } from "../States";
import { Tabs } from "../Tabs";
import { series } from "./data";
import { t } from "./messages";

// uPlot stays out of the first-load bundle: the numbers above show while it loads.
const Chart = lazy(() => import("../Chart"));

const hourFormat = (ms: number, short: boolean) =>
  new Intl.DateTimeFormat(locale() === "zh" ? "zh-CN" : "en-US", short ? { hour: "2-digit", minute: "2-digit", hour12: false } : { weekday: "short", hour: "2-digit", minute: "2-digit", hour12: false }).format(ms);

/** Requests, tokens and cost per day over 30 days, or per hour over 48 hours. */
export function Traffic(props: { daily: StatRow[]; hourly: StatRow[] }) {
  const [range, setRange] = createSignal<"days" | "hours">("days");
  const points = createMemo(() => (range() === "days" ? series(props.daily, "day", 30) : series(props.hourly, "hour", 48)));
  const times = createMemo(() => points().map((p) => p.time));
  const values = (pick: (p: ReturnType<typeof points>[number]) => number) => points().map(pick);
  const formatTime = (ms: number, short: boolean) => (range() === "days" ? day(ms, locale()) : hourFormat(ms, short));
  const rangeLabel = () => (range() === "days" ? t("last30") : t("last48"));
  const count = (n: number) => compact(n, locale());
  const fallback = <Loading rows={4} />;
  return (
    <Card
      title={t("traffic")}
      actions={
        <Tabs
          label={t("range")}
          value={range()}
          onChange={setRange}
          tabs={[
            { id: "days", label: t("days30") },
            { id: "hours", label: t("hours48") },
          ]}
        />
      }
    >
      <div class="grid-3 dash-charts">
        <Suspense fallback={fallback}>
          <Chart
            label={t("requests")}
            rangeLabel={rangeLabel()}
            times={times()}
            format={count}
            formatTime={formatTime}
            series={[
              { label: t("success"), values: values((p) => p.counters.success), color: 1 },
              { label: t("failed"), values: values((p) => p.counters.failed), color: 4 },
            ]}
          />
        </Suspense>
        <Suspense fallback={fallback}>
          <Chart
            label={t("tokens")}
            rangeLabel={rangeLabel()}
            times={times()}
            format={count}
            formatTime={formatTime}
            series={[
              { label: t("input"), values: values((p) => p.counters.input_tokens), color: 2 },
              { label: t("output"), values: values((p) => p.counters.output_tokens), color: 1 },
              { label: t("cache"), values: values((p) => p.counters.cache_read_tokens + p.counters.cache_write_tokens), color: 3 },
            ]}
          />
        </Suspense>
        <Suspense fallback={fallback}>
          <Chart
            label={t("cost")}
            rangeLabel={rangeLabel()}
            times={times()}
            format={(n) => money(n, locale())}
            formatTime={formatTime}
            series={[{ label: t("cost"), values: values((p) => p.counters.cost), color: 3 }]}
          />
        </Suspense>
      </div>
    </Card>
  );
}
