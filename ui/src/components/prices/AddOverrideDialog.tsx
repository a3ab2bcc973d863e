import { createEffect, createSignal, createUniqueId, For } from "solid-js";
import type { Channel } from "../../api/types";
import { t as common } from "../../i18n";
import { Button } from "../Button";
import { Dialog } from "../Dialog";
import { TextField } from "../Field";
import { fieldLabel, t } from "./messages";
import { draftOf, parseDraft, PRICE_FIELDS, type PriceDraft, type PriceField, type PriceRow, type PriceValues } from "./rows";


/** A channel's own price for one model, prefilled with the price it has now. */
export function AddOverrideDialog(props: {
  open: boolean;
  channel: Channel;
  /** The channel's rows: candidates are the ones it inherits. */
  rows: PriceRow[];
  onSave: (name: string, values: PriceValues) => Promise<boolean>;
  onClose: () => void;
}) {
  const listId = createUniqueId();
  const [model, setModel] = createSignal("");
  const [draft, setDraft] = createSignal<PriceDraft>(draftOf({ input: 0, output: 0, cache_read: 0, cache_write: 0 }));
  const [errors, setErrors] = createSignal<Partial<Record<PriceField | "model", string>>>({});
  const [saving, setSaving] = createSignal(false);
  const candidates = () => props.rows.filter((r) => r.kind === "inherited");

  createEffect(() => {
    if (!props.open) return;
    const first = candidates()[0];
    setModel(first?.name ?? "");
    setDraft(draftOf(first ?? { input: 0, output: 0, cache_read: 0, cache_write: 0 }));
    setErrors({});
  });
  function pick(name: string) {
    setModel(name);
    const row = props.rows.find((r) => r.name === name.trim());
    if (row) setDraft(draftOf(row));
  }

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    const parsed = parseDraft(draft());
    const name = model().trim();
    const next: Partial<Record<PriceField | "model", string>> = parsed.ok ? {} : Object.fromEntries(Object.entries(parsed.errors).map(([f, m]) => [f, t(m)]));
    if (!name) next.model = t("modelRequired");
    setErrors(next);
    if (!parsed.ok || !name) return;
    setSaving(true);
    const ok = await props.onSave(name, parsed.values);
    setSaving(false);
    if (ok) props.onClose();
  }

  return (
    <Dialog
      open={props.open}
      onClose={props.onClose}
      title={t("overrideTitle", { channel: props.channel.name })}
      footer={
        <>
          <Button onClick={() => props.onClose()}>{common("action.cancel")}</Button>
          <Button variant="primary" type="submit" form={`${listId}-form`} busy={saving()}>
            {common("action.save")}
          </Button>
        </>
      }
    >
      <form id={`${listId}-form`} class="stack" onSubmit={submit} novalidate>
        <p class="muted small">{t("overrideHint")}</p>
        <TextField label={t("model")} list={listId} value={model()} onValue={pick} error={errors().model} autocomplete="off" required />
        <datalist id={listId}>
          <For each={candidates()}>{(r) => <option value={r.name} />}</For>
        </datalist>
        <div class="grid-2">
          <For each={PRICE_FIELDS}>
            {(f) => (
              <TextField
                label={fieldLabel(f)}
                hint={t("perMillion")}
                inputMode="decimal"
                value={draft()[f]}
                error={errors()[f]}
                onValue={(v) => setDraft({ ...draft(), [f]: v })}
              />
            )}
          </For>
        </div>
      </form>
    </Dialog>
  );
}
