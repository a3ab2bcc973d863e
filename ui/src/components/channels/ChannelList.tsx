/** The channels table: what each is, whether it is on, how it is doing, what it has served. */
import { Show } from "solid-js";
import type { Channel, ChannelHealth as Health, ChannelType, StatRow } from "../../api/types";
import { locale, t as common } from "../../i18n";
import { compact, money } from "../../lib/format";
import { Badge } from "../Badge";
import { IconButton } from "../Button";
import { Switch } from "../Field";
import { LinkButton } from "../LinkButton";
import { Table } from "../Table";
import { ChannelHealth } from "./ChannelHealth";
import { t } from "./messages";

export interface ChannelListProps {
  channels: Channel[];
  types: ChannelType[];
  health: Map<number, Health>;
  usage: Map<number, StatRow>;
  onEdit: (c: Channel) => void;
  onTest: (c: Channel) => void;
  onDelete: (c: Channel) => void;
  onToggle: (c: Channel, enabled: boolean) => void;
}

export function ChannelList(props: ChannelListProps) {
  const typeName = (type: string) => props.types.find((x) => x.type === type)?.name ?? type;
  const modelCount = (n: number) => (n === 0 ? t("noModels") : n === 1 ? t("model1") : t("models", { count: n }));
  return (
    <Table
      caption={t("title")}
      rows={props.channels}
      columns={[
        {
          header: t("colChannel"),
          primary: true,
          width: "30%",
          cell: (c) => (
            <div class="ch-name">
              <LinkButton onClick={() => props.onEdit(c)}>{c.name}</LinkButton>
              <div class="row ch-meta">
                <Badge tone="info">{typeName(c.type)}</Badge>
                <span class="faint small" title={c.models.join(", ")}>
                  {modelCount(c.models.length)}
                </span>
              </div>
            </div>
          ),
        },
        {
          header: t("colStatus"),
          width: "140px",
          cell: (c) => <Switch label={c.enabled ? common("state.enabled") : common("state.disabled")} checked={c.enabled} onChange={(on) => props.onToggle(c, on)} />,
        },
        { header: t("colHealth"), cell: (c) => <ChannelHealth health={props.health.get(c.id)} enabled={c.enabled} types={props.types} /> },
        {
          header: t("colUsage"),
          align: "end",
          cell: (c) => {
            const u = () => props.usage.get(c.id);
            return (
              <Show when={u()?.requests} fallback={<span class="faint small ch-quiet">{t("noTraffic")}</span>}>
                <div class="ch-usage">
                  <span class="num">{u()!.requests === 1 ? t("request1") : t("requests", { count: compact(u()!.requests, locale()) })}</span>
                  <span class="num faint small">
                    {money(u()!.cost, locale())}
                    <Show when={u()!.failed}>
                      {" · "}
                      <span class="ch-health-warn">{t("failed", { count: compact(u()!.failed, locale()) })}</span>
                    </Show>
                  </span>
                </div>
              </Show>
            );
          },
        },
        {
          header: t("colActions"),
          align: "end",
          width: "132px",
          cell: (c) => (
            <div class="row ch-actions">
              <IconButton icon="play" label={`${t("test")} ${c.name}`} onClick={() => props.onTest(c)} />
              <IconButton icon="edit" label={`${common("action.edit")} ${c.name}`} onClick={() => props.onEdit(c)} />
              <IconButton icon="trash" label={`${common("action.delete")} ${c.name}`} onClick={() => props.onDelete(c)} />
            </div>
          ),
        },
      ]}
    />
  );
}
