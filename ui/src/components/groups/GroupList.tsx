/** The groups table: name and mode, items, where traffic goes now and what is cooling down. */
import { For, Show } from "solid-js";
import type { Channel, Group, GroupHealth } from "../../api/types";
import { locale, t as common } from "../../i18n";
import { dateTime } from "../../lib/format";
import { Badge, StatusDot } from "../Badge";
import { Button, IconButton } from "../Button";
import { LinkButton } from "../LinkButton";
import { Table } from "../Table";
import { t } from "./messages";

export interface GroupListProps {
  groups: Group[];
  channels: Channel[];
  health: Map<number, GroupHealth>;
  onEdit: (g: Group) => void;
  onUse: (g: Group) => void;
  onDelete: (g: Group) => void;
}

export function GroupList(props: GroupListProps) {
  const target = (x: { channel_id: number; model: string }) => {
    const name = props.channels.find((c) => c.id === x.channel_id)?.name ?? t("unknownChannel", { id: x.channel_id });
    return `${name} · ${x.model}`;
  };
  const itemCount = (n: number) => (n === 0 ? t("noItems") : n === 1 ? t("item1") : t("items", { count: n }));
  return (
    <Table
      caption={t("title")}
      rows={props.groups}
      columns={[
        {
          header: t("colGroup"),
          primary: true,
          width: "28%",
          cell: (g) => (
            <div class="gr-name">
              <LinkButton class="mono" onClick={() => props.onEdit(g)}>
                {g.name}
              </LinkButton>
              <div class="row">
                <Badge tone="accent">{t(`mode.${g.mode}`)}</Badge>
                <span class="faint small">{itemCount(g.items.length)}</span>
              </div>
              <Show when={g.aliases.length > 0}>
                <span class="faint small mono gr-aliases" title={g.aliases.join(", ")}>
                  {g.aliases.join(", ")}
                </span>
              </Show>
            </div>
          ),
        },
        {
          header: t("colLive"),
          cell: (g) => {
            const h = () => props.health.get(g.id);
            const spreads = () => g.mode === "random" || g.mode === "weighted";
            const usable = () => g.items.length - (h()?.cooling.length ?? 0) > 0;
            return (
              <Show when={h()} fallback={<span class="faint">–</span>}>
                <ul class="gr-live">
                  <li>
                    <Show
                      when={h()!.current}
                      fallback={
                        <>
                          <StatusDot tone={spreads() && usable() ? "ok" : "danger"} label={spreads() && usable() ? t("anyItem") : t("noneUsable")} />
                          <span class={spreads() && usable() ? "muted" : "gr-danger"}>{spreads() && usable() ? t("anyItem") : t("noneUsable")}</span>
                        </>
                      }
                    >
                      {(c) => (
                        <>
                          <StatusDot tone="ok" label={t("current", { target: target(c()) })} />
                          <span class="ellipsis">{t("current", { target: target(c()) })}</span>
                        </>
                      )}
                    </Show>
                  </li>
                  <For each={h()!.cooling}>
                    {(c) => (
                      <li class="gr-cooling">
                        <StatusDot tone="warn" label={common("state.cooling")} />
                        <span class="ellipsis">{t("coolingUntil", { target: target(c), time: dateTime(c.ready_at, locale()) })}</span>
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
            );
          },
        },
        {
          header: t("colActions"),
          align: "end",
          width: "180px",
          cell: (g) => (
            <div class="row gr-actions">
              <Button size="sm" icon="external" aria-label={`${t("use")} ${g.name}`} onClick={() => props.onUse(g)}>
                {t("use")}
              </Button>
              <IconButton icon="edit" label={`${common("action.edit")} ${g.name}`} onClick={() => props.onEdit(g)} />
              <IconButton icon="trash" label={`${common("action.delete")} ${g.name}`} onClick={() => props.onDelete(g)} />
            </div>
          ),
        },
      ]}
    />
  );
}
