import { For, Show } from "solid-js";
import type { ApiKey } from "../../api/types";
import { t as common, locale } from "../../i18n";
import { dateTime, money, relative } from "../../lib/format";
import { Badge } from "../Badge";
import { IconButton } from "../Button";
import { Table } from "../Table";
import { budgetUsed, keyState } from "./form";
import { t } from "./messages";

function Budget(props: { spent: number; max: number | null }) {
  const used = () => budgetUsed(props.spent, props.max);
  return (
    <div class="budget">
      <span class="num small">
        {props.max === null ? t("spentUnlimited", { spent: money(props.spent, locale()) }) : t("spent", { spent: money(props.spent, locale()), max: money(props.max, locale()) })}
      </span>
      <Show when={used() !== undefined}>
        <span
          class="budget-bar"
          classList={{ warn: used()! >= 0.8, full: used()! >= 1 }}
          role="progressbar"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={Math.round(used()! * 100)}
          aria-label={t("budget")}
        >
          <span style={{ width: `${used()! * 100}%` }} />
        </span>
      </Show>
    </div>
  );
}

export function KeyTable(props: {
  keys: ApiKey[];
  spentOf: (id: number) => number;
  onToggle: (key: ApiKey, enabled: boolean) => void;
  onEdit: (key: ApiKey) => void;
  onDelete: (key: ApiKey) => void;
}) {
  return (
    <Table
      caption={t("title")}
      rows={props.keys}
      columns={[
        {
          header: t("name"),
          primary: true,
          cell: (k) => (
            <div class="key-name">
              <span class="ellipsis">{k.name}</span>
              <code class="faint xs">{k.key_prefix}…</code>
            </div>
          ),
        },
        {
          header: t("status"),
          cell: (k) => {
            const state = keyState(k);
            return (
              <div class="row key-status">
                <input
                  type="checkbox"
                  role="switch"
                  class="switch"
                  checked={k.enabled}
                  aria-label={t("toggle", { name: k.name })}
                  onChange={(e) => props.onToggle(k, e.currentTarget.checked)}
                />
                <Badge tone={state === "active" ? "ok" : state === "expired" ? "danger" : "neutral"} dot>
                  {state === "active" ? t("active") : state === "expired" ? t("expired") : common("state.disabled")}
                </Badge>
              </div>
            );
          },
        },
        {
          header: t("expires"),
          cell: (k) =>
            k.expire_at === null ? (
              <span class="faint small">{t("never")}</span>
            ) : (
              <span class="num small" title={dateTime(k.expire_at, locale())}>
                {k.expire_at <= Date.now() ? t("expiredAgo", { when: relative(k.expire_at, locale()) }) : relative(k.expire_at, locale())}
              </span>
            ),
        },
        { header: t("budget"), cell: (k) => <Budget spent={props.spentOf(k.id)} max={k.max_cost} /> },
        {
          header: t("groups"),
          cell: (k) => (
            <div class="row key-groups">
              <Show when={k.supported_models.length} fallback={<span class="faint small">{t("allGroups")}</span>}>
                <For each={k.supported_models}>{(g) => <Badge>{g}</Badge>}</For>
              </Show>
            </div>
          ),
        },
        {
          header: t("actions"),
          align: "end",
          cell: (k) => (
            <div class="row key-actions">
              <IconButton icon="edit" size="sm" label={t("edit", { name: k.name })} onClick={() => props.onEdit(k)} />
              <IconButton icon="trash" size="sm" label={t("delete", { name: k.name })} onClick={() => props.onDelete(k)} />
            </div>
          ),
        },
      ]}
    />
  );
}
