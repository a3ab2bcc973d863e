/** Create or edit a group in a side drawer: name, mode, ordered items, timeouts. */
import { createMemo, createSignal, createUniqueId, For, Show } from "solid-js";
import { createStore, produce } from "solid-js/store";
import { groupApi } from "../../api/groups";
import { createAction } from "../../api/query";
import type { Channel, Group, Setting } from "../../api/types";
import { duration } from "../../lib/format";
import { Button } from "../Button";
import { TextField } from "../Field";
import { FormDrawer } from "../FormDrawer";
import { FormSection } from "../FormSection";
import { Icon } from "../Icon";
import { toast } from "../Toast";
import {
  emptyGroup,
  formFromGroup,
  groupHasProblems,
  itemsOffering,
  modelsAcross,
  MODES,
  moveItem,
  newItem,
  nextPriority,
  prioritiesFromOrder,
  TIMEOUT_FIELDS,
  toGroupBody,
  usesPriority,
  activeAfterSave,
  validateGroup,
  type ItemRow,
  type Mode,
  type TimeoutField,
} from "./form";
import { ItemList } from "./ItemList";
import { t } from "./messages";

/** What 0 means for each per-group setting: the global setting it falls back to. */
const FALLBACK: Record<TimeoutField, string | undefined> = {
  first_byte_timeout: "relay_first_byte_timeout",
  stream_idle_timeout: "relay_stream_idle_timeout",
  request_timeout: "relay_deadline",
  affinity_window: undefined,
};

export function GroupDrawer(props: { group?: Group; channels: Channel[]; settings: Setting[]; onClose: () => void; onSaved: (group: Group) => void }) {
  const editing = props.group;
  const [form, setForm] = createStore(editing ? formFromGroup(editing) : emptyGroup());
  const [submitted, setSubmitted] = createSignal(false);
  const errors = createMemo(() => validateGroup(form));
  const modeName = createUniqueId();
  const offeringId = createUniqueId();

  const available = createMemo(() => modelsAcross(props.channels));
  const [offered, setOffered] = createSignal("");
  const toAdd = createMemo(() => (offered() ? itemsOffering(props.channels, offered(), form.items) : []));
  function addOffering() {
    const added = toAdd();
    if (!added.length) return;
    setForm("items", (items) => [...items, ...added]);
    if (!form.name.trim()) setForm("name", offered());
    toast(t("offeringAdded", { count: added.length }));
    setOffered("");
  }

  function setMode(mode: Mode) {
    // Entering failover or manual: the list order becomes the order of failover.
    if (usesPriority(mode) && !usesPriority(form.mode)) setForm("items", prioritiesFromOrder(form.items));
    setForm("mode", mode);
  }
  const addItem = () => setForm("items", (items) => [...items, newItem(0, "", nextPriority(items))]);
  const changeItem = (index: number, change: Partial<ItemRow>) => setForm("items", index, change);

  const fallback = (field: TimeoutField) => {
    const key = FALLBACK[field];
    const value = props.settings.find((s) => s.key === key)?.value;
    if (field === "affinity_window") return t("affinityHint");
    const text = typeof value === "number" ? duration(value * 1000) : "–";
    return field === "request_timeout" ? t("requestDefault", { value: text }) : t("defaultIs", { value: text });
  };

  const save = createAction(async () => {
    const body = toGroupBody(form);
    const saved = await (editing ? groupApi.update(editing.id, body) : groupApi.create(body));
    // A new row chosen as active has an id only now.
    const active = activeAfterSave(form, saved);
    return active === undefined ? saved : groupApi.update(saved.id, { active_item_id: active });
  });
  async function submit() {
    setSubmitted(true);
    if (groupHasProblems(errors())) return;
    const saved = await save.run();
    if (!saved) return;
    toast(editing ? t("saved", { name: saved.name }) : t("created", { name: saved.name }));
    props.onSaved(saved);
  }

  return (
    <FormDrawer
      title={editing ? t("editTitle", { name: editing.name }) : t("newTitle")}
      creating={!editing}
      problems={submitted() && groupHasProblems(errors()) && t("fixErrors")}
      busy={save.pending()}
      error={save.error()}
      class="group-form"
      onSubmit={submit}
      onClose={props.onClose}
    >
      <TextField
        label={t("name")}
        hint={t("nameHint")}
        class="mono-input"
        spellcheck={false}
        autocomplete="off"
        value={form.name}
        onValue={(v) => setForm("name", v)}
        error={submitted() && errors().name ? t(`problem.${errors().name!}`) : undefined}
        autofocus
      />

      <TextField
        label={t("aliases")}
        hint={t("aliasesHint")}
        class="mono-input"
        spellcheck={false}
        autocomplete="off"
        placeholder="claude-haiku-*, gemini-*-flash*"
        value={form.aliases}
        onValue={(v) => setForm("aliases", v)}
        error={submitted() && errors().aliases ? t("problem.aliasTooLong") : undefined}
      />

      <fieldset class="mode-picker">
        <legend class="field-label">{t("mode")}</legend>
        <div class="mode-options">
          <For each={MODES}>
            {(mode) => (
              <label class="mode-option" classList={{ selected: form.mode === mode }}>
                <input type="radio" name={modeName} value={mode} checked={form.mode === mode} onChange={() => setMode(mode)} />
                <span class="mode-option-text">
                  <span class="mode-option-name">{t(`mode.${mode}`)}</span>
                  <span class="field-hint">{t(`modeHint.${mode}`)}</span>
                </span>
              </label>
            )}
          </For>
        </div>
      </fieldset>

      <FormSection
        title={t("sectionItems")}
        hint={
          <>
            {t("itemsHint")}
            <Show when={usesPriority(form.mode)}>
              <span class="failover-hint">
                <Icon name="info" size={14} />
                {form.mode === "manual" ? t("manualHint") : t("failoverHint")}
              </span>
            </Show>
          </>
        }
      >
        <Show when={form.items.length > 0} fallback={<p class="muted small">{t("noItemsYet")}</p>}>
          <ItemList
            items={form.items}
            mode={form.mode}
            channels={props.channels}
            errors={errors().items}
            showErrors={submitted()}
            active={form.active}
            onActive={(key) => setForm("active", key)}
            onMove={(from, to) => setForm("items", moveItem(form.items, from, to, form.mode))}
            onChange={changeItem}
            onRemove={(i) => setForm(produce((f) => void f.items.splice(i, 1)))}
          />
        </Show>
        <div class="offering">
          <Button icon="plus" onClick={addItem}>
            {t("addItem")}
          </Button>
          <div class="offering-pick">
            <label class="field-label" for={offeringId}>
              {t("offering")}
            </label>
            <div class="row nowrap">
              <select id={offeringId} class="input select grow" value={offered()} onChange={(e) => setOffered(e.currentTarget.value)}>
                <option value="">{t("offeringPick")}…</option>
                <For each={available()}>
                  {(m) => (
                    <option value={m.model}>
                      {m.model} ({m.channels})
                    </option>
                  )}
                </For>
              </select>
              <Button onClick={addOffering} disabled={toAdd().length === 0}>
                {toAdd().length === 0 ? t("offeringButton0") : toAdd().length === 1 ? t("offeringButton1") : t("offeringButton", { count: toAdd().length })}
              </Button>
            </div>
            <Show when={offered() && toAdd().length === 0}>
              <p class="field-hint">{t("offeringNone")}</p>
            </Show>
          </div>
        </div>
      </FormSection>

      <FormSection title={t("sectionTimeouts")} hint={t("timeoutsHint")}>
        <div class="grid-2">
          <For each={TIMEOUT_FIELDS}>
            {(field) => (
              <TextField
                label={t(field)}
                type="number"
                inputMode="numeric"
                min="0"
                max="86400"
                step="1"
                value={String(form[field])}
                onValue={(v) => setForm(field, v === "" ? 0 : Number(v))}
                hint={fallback(field)}
                error={errors().timeouts[field] && t("problem.seconds")}
              />
            )}
          </For>
        </div>
      </FormSection>
    </FormDrawer>
  );
}
