import type { StatRow } from "../../api/types";
import { locale } from "../../i18n";
import { day, integer } from "../../lib/format";
import { Card } from "../Card";
import { Heatmap } from "../Heatmap";
import { yearGrid } from "./data";
import { t } from "./messages";

const tag = () => (locale() === "zh" ? "zh-CN" : "en-US");
// 2023-01-01 was a Sunday: the week's day names from it.
const weekdays = () => Array.from({ length: 7 }, (_, i) => new Intl.DateTimeFormat(tag(), { weekday: "narrow" }).format(new Date(2023, 0, 1 + i)));

/** The past year's requests per day. */
export function Activity(props: { daily: StatRow[] }) {
  const grid = () => yearGrid(props.daily);
  const summary = () => {
    const g = grid();
    const busiest = g.busiest ? t("activityBusiest", { date: day(g.busiest.time, locale()), n: integer(g.busiest.requests, locale()) }) : "";
    return t(g.activeDays === 1 ? "activitySummaryOne" : "activitySummary", { total: integer(g.total, locale()), days: g.activeDays }) + busiest;
  };
  return (
    <Card title={t("activity")} actions={<span class="faint small">{summary()}</span>}>
      <Heatmap
        weeks={grid().weeks}
        summary={summary()}
        title={(c) => t("dayTitle", { date: new Intl.DateTimeFormat(tag(), { dateStyle: "medium" }).format(c.time), n: integer(c.requests, locale()) })}
        month={(ms) => new Intl.DateTimeFormat(tag(), { month: "short" }).format(ms)}
        weekdays={weekdays()}
        less={t("less")}
        more={t("more")}
      />
    </Card>
  );
}
