import { createSignal, Show } from "solid-js";
import { t as common, locale } from "../../i18n";
import { perMillion } from "../../lib/format";
import { Badge } from "../Badge";
import { Button, IconButton } from "../Button";
import { Table, type Column } from "../Table";
import { fieldLabel, t } from "./messages";
import { draftOf, parseDraft, PRICE_FIELDS, type PriceDraft, type PriceField, type PriceRow, type PriceValues } from "./rows";

const rowKey = (r: PriceRow) => `${r.channel_id}\u0000${r.name}`;

export function SourceBadge(props: { row: PriceRow }) {
  const r = () => props.row;
  return (
    <Show
      when={r().kind !== "override"}
      fallback={<Badge tone="accent">{t("sourceOverride")}</Badge>}
    >
      <span class="price-source" title={r().source === "unpriced" ? t("unpricedHint") : r().kind === "inherited" ? t("inheritedHint") : undefined}>
        <Badge tone={r().source === "user" ? "accent" : r().source === "catalog" ? "info" : "warn"} dot={r().source === "unpriced"}>
          {r().source === "user" ? t("sourceUser") : r().source === "catalog" ? t("sourceCatalog") : t("sourceUnpriced")}
        </Badge>
        <Show when={r().kind === "inherited"}>
          <span class="faint xs">{t("inherited")}</span>
        </Show>
      </span>
    </Show>
  );
}

/**
 * Prices with inline editing: a price opens the row's four fields, Enter saves, Escape cancels.
 * `onSave` resolves to whether it saved; `onReset` removes a custom row (back to catalog or default).
 */
export function PriceTable(props: { rows: PriceRow[]; onSave: (row: PriceRow, values: PriceValues) => Promise<boolean>; onReset: (row: PriceRow) => void; busy?: string }) {
  let container!: HTMLDivElement;
  const [editing, setEditing] = createSignal<string>();
  const [draft, setDraft] = createSignal<PriceDraft>(draftOf({ input: 0, output: 0, cache_read: 0, cache_write: 0 }));
  const [errors, setErrors] = createSignal<Partial<Record<PriceField, string>>>({});
  const [saving, setSaving] = createSignal(false);

  function start(row: PriceRow, field: PriceField) {
    setEditing(rowKey(row));
    setDraft(draftOf(row));
    setErrors({});
    queueMicrotask(() => container.querySelector<HTMLInputElement>(`[data-edit="${field}"]`)?.select());
  }
  const cancel = () => setEditing(undefined);
  async function save(row: PriceRow) {
    const parsed = parseDraft(draft());
    if (!parsed.ok) {
      setErrors(Object.fromEntries(Object.entries(parsed.errors).map(([f, e]) => [f, t(e)])));
      container.querySelector<HTMLInputElement>(`[aria-invalid="true"]`)?.focus();
      return;
    }
    setSaving(true);
    const ok = await props.onSave(row, parsed.values);
    setSaving(false);
    if (ok) setEditing(undefined);
  }
  const keys = (row: PriceRow) => (e: KeyboardEvent) => {
    if (e.key === "Enter") (e.preventDefault(), void save(row));
    else if (e.key === "Escape") (e.preventDefault(), cancel());
  };

  const priceCell = (field: PriceField) => (row: PriceRow) => (
    <Show
      when={editing() === rowKey(row)}
      fallback={
        <button type="button" class="price-value num" classList={{ unpriced: row.source === "unpriced" }} title={t("editHint", { model: row.name })} onClick={() => start(row, field)}>
          {row.source === "unpriced" ? "—" : perMillion(row[field], locale())}
        </button>
      }
    >
      <span class="price-edit">
        <input
          class="input price-input num"
          data-edit={field}
          inputMode="decimal"
          aria-label={`${fieldLabel(field)} (${t("perMillion")}), ${row.name}`}
          aria-invalid={errors()[field] ? "true" : undefined}
          value={draft()[field]}
          onInput={(e) => setDraft({ ...draft(), [field]: e.currentTarget.value })}
          onKeyDown={keys(row)}
          disabled={saving()}
        />
        <Show when={errors()[field]}>
          <span class="field-error" role="alert">
            {errors()[field]}
          </span>
        </Show>
      </span>
    </Show>
  );

  const columns: Column<PriceRow>[] = [
    { header: t("colModel"), primary: true, cell: (r) => <span class="price-model">{r.name}</span> },
    ...PRICE_FIELDS.map((f): Column<PriceRow> => ({ header: fieldLabel(f), align: "end", cell: priceCell(f), width: "8.5rem" })),
    { header: t("colSource"), cell: (r) => <SourceBadge row={r} /> },
    {
      header: t("colActions"),
      align: "end",
      cell: (r) => (
        <span class="price-actions">
          <Show
            when={editing() === rowKey(r)}
            fallback={
              <>
                <Show when={r.kind === "override" || (r.kind === "default" && r.source === "user")}>
                  <Button size="sm" variant="ghost" busy={props.busy === rowKey(r)} onClick={() => props.onReset(r)}>
                    {r.kind === "override" ? t("removeOverride") : t("resetCatalog")}
                  </Button>
                </Show>
                <IconButton size="sm" icon="edit" label={t("editHint", { model: r.name })} onClick={() => start(r, "input")} />
              </>
            }
          >
            <Button size="sm" variant="primary" busy={saving()} onClick={() => save(r)} title={t("editing")}>
              {common("action.save")}
            </Button>
            <Button size="sm" variant="ghost" onClick={cancel} disabled={saving()}>
              {common("action.cancel")}
            </Button>
          </Show>
        </span>
      ),
    },
  ];
  return (
    <div ref={container} class="price-table">
      <Table columns={columns} rows={props.rows} caption={t("title")} rowClass={(r) => (editing() === rowKey(r) ? "price-row-editing" : undefined)} />
    </div>
  );
}

export { rowKey as priceRowKey };
