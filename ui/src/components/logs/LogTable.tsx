import { Show } from "solid-js";
import type { LiveLogEntry } from "../../api/types";
import { locale } from "../../i18n";
import { compact, dateTime, duration, money } from "../../lib/format";
import { Table, type Column } from "../Table";
import { t } from "./messages";
import { StatusBadge } from "./StatusBadge";

/** A row of the list: stored (with its id) or just arrived live (id not known yet). */
export type LogRow = LiveLogEntry & { id?: number; fresh?: boolean };

export function LogTable(props: { rows: LogRow[]; onOpen: (id: number) => void }) {
  const columns: Column<LogRow>[] = [
    { header: t("colTime"), cell: (r) => <time class="num nowrap" dateTime={new Date(r.time).toISOString()}>{dateTime(r.time, locale())}</time>, width: "8.5rem" },
    { header: t("colStatus"), cell: (r) => <StatusBadge status={r.status} title={r.error ?? undefined} /> },
    {
      header: t("colModel"),
      primary: true,
      cell: (r) => (
        <span class="log-model">
          <span class="ellipsis">{r.model}</span>
          <Show when={r.actual_model && r.actual_model !== r.model}>
            <span class="faint small ellipsis">→ {r.actual_model}</span>
          </Show>
        </span>
      ),
    },
    { header: t("colChannel"), cell: (r) => <span class="ellipsis log-clip">{r.channel || "—"}</span> },
    { header: t("colKey"), cell: (r) => <span class="ellipsis log-clip muted">{r.api_key_name || t("deletedKey", { id: r.api_key_id })}</span> },
    {
      header: t("colTokens"),
      align: "end",
      cell: (r) => (
        <span class="log-stack">
          <span class="num">
            {compact(r.input_tokens, locale())} / {compact(r.output_tokens, locale())}
          </span>
          <Show when={r.cache_read_tokens || r.cache_write_tokens}>
            <span class="faint xs num">{t("cache", { read: compact(r.cache_read_tokens, locale()), write: compact(r.cache_write_tokens, locale()) })}</span>
          </Show>
        </span>
      ),
    },
    { header: t("colCost"), align: "end", cell: (r) => <span class="num">{money(r.cost, locale())}</span> },
    {
      header: t("colLatency"),
      align: "end",
      cell: (r) => (
        <span class="num nowrap">
          <span class="faint">{duration(r.ttfb_ms)}</span> · {duration(r.duration_ms)}
        </span>
      ),
    },
  ];
  return (
    <Table
      columns={columns}
      rows={props.rows}
      caption={t("title")}
      onRowClick={(r) => r.id !== undefined && props.onOpen(r.id)}
      rowLabel={(r) => t("rowLabel", { model: r.model, status: r.status, time: dateTime(r.time, locale()) })}
      rowClass={(r) => (r.fresh ? "log-row-fresh" : undefined)}
    />
  );
}
