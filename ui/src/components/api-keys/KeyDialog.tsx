import { createEffect, createSignal, For, on, Show } from "solid-js";
import { apiKeyApi } from "../../api/api-keys";
import { createAction } from "../../api/query";
import type { ApiKey, CreatedApiKey, Group } from "../../api/types";
import { t as common } from "../../i18n";
import { Button } from "../Button";
import { Dialog } from "../Dialog";
import { Switch, TextField } from "../Field";
import { emptyForm, formFromKey, LIMIT_FIELDS, validateKeyForm, type KeyForm, type KeyFormErrors } from "./form";
import { t } from "./messages";

const MESSAGE: Record<NonNullable<KeyFormErrors[keyof KeyFormErrors]>, Parameters<typeof t>[0]> = {
  required: "errRequired",
  tooLong: "errTooLong",
  invalid: "errInvalidDate",
  past: "errPast",
  negative: "errNegative",
  wholeNumber: "errWholeNumber",
};

/** Create (editing undefined) or edit a key in a drawer; the server's error shows in the form. */
export function KeyDialog(props: { open: boolean; editing?: ApiKey; groups: Group[]; onClose: () => void; onSaved: (key: ApiKey | CreatedApiKey) => void }) {
  const [form, setForm] = createSignal<KeyForm>(emptyForm());
  const [errors, setErrors] = createSignal<KeyFormErrors>({});
  const save = createAction((body: ReturnType<typeof validateKeyForm>["body"] & {}) =>
    props.editing ? apiKeyApi.update(props.editing.id, body) : apiKeyApi.create(body),
  );
  // A fresh form each time the dialog opens, for a new key or the one being edited.
  createEffect(
    on([() => props.open, () => props.editing], ([open]) => {
      if (!open) return;
      setForm(props.editing ? formFromKey(props.editing) : emptyForm());
      setErrors({});
      save.clear();
    }),
  );
  const set = <K extends keyof KeyForm>(field: K, value: KeyForm[K]) => setForm({ ...form(), [field]: value });
  const error = (field: keyof KeyFormErrors) => {
    const code = errors()[field];
    if (!code) return undefined;
    return t(field === "budget" && code === "invalid" ? "errInvalidBudget" : MESSAGE[code]);
  };
  /** What the key uses of a limit now, as the admin API reports it. */
  const limitNow = (key: ApiKey, field: (typeof LIMIT_FIELDS)[number]) => {
    const limit = key.rate_limits[field];
    const used = key.rate_use[field === "max_concurrency" ? "concurrency" : field];
    return limit === 0 ? t("limitNowFree", { used }) : t("limitNow", { used, limit });
  };
  const toggleGroup = (name: string, on: boolean) => set("groups", on ? [...form().groups, name] : form().groups.filter((g) => g !== name));

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    const { errors, body } = validateKeyForm(form(), { keepExpiry: props.editing?.expire_at });
    setErrors(errors);
    if (!body) return;
    const saved = await save.run(body);
    if (saved) props.onSaved(saved);
  }
  const close = () => props.onClose();

  return (
    <Dialog
      open={props.open}
      onClose={close}
      kind="drawer"
      title={props.editing ? t("editTitle", { name: props.editing.name }) : t("createTitle")}
      footer={
        <>
          <Button onClick={close}>{common("action.cancel")}</Button>
          <Button variant="primary" type="submit" form="api-key-form" busy={save.pending()}>
            {props.editing ? common("action.save") : common("action.create")}
          </Button>
        </>
      }
    >
      <form id="api-key-form" class="stack" onSubmit={submit} novalidate>
        <TextField label={t("name")} value={form().name} onValue={(v) => set("name", v)} placeholder={t("namePlaceholder")} error={error("name")} maxLength={128} autofocus />
        <Show when={props.editing}>
          <Switch label={t("enabled")} hint={t("enabledHint")} checked={form().enabled} onChange={(v) => set("enabled", v)} />
        </Show>
        <div class="grid-2">
          <div class="stack-tight">
            <TextField label={t("expiry")} type="date" value={form().expires} onValue={(v) => set("expires", v)} error={error("expires")} hint={t("expiryHint")} />
            <Show when={form().expires}>
              <Button size="sm" variant="ghost" icon="close" onClick={() => set("expires", "")}>
                {t("noExpiry")}
              </Button>
            </Show>
          </div>
          <TextField
            label={t("budgetLabel")}
            inputMode="decimal"
            value={form().budget}
            onValue={(v) => set("budget", v)}
            placeholder={t("budgetPlaceholder")}
            error={error("budget")}
            hint={t("budgetHint")}
          />
        </div>
        <fieldset class="group-picker">
          <legend class="field-label">{t("limitsLabel")}</legend>
          <p class="field-hint">{t("limitsHint")}</p>
          <div class="grid-3">
            <For each={LIMIT_FIELDS}>
              {(field) => (
                <TextField
                  label={t(`limit.${field}`)}
                  inputMode="numeric"
                  value={form()[field]}
                  onValue={(v) => set(field, v)}
                  placeholder={t("limitDefault")}
                  error={error(field)}
                  hint={props.editing && limitNow(props.editing, field)}
                />
              )}
            </For>
          </div>
        </fieldset>
        <fieldset class="group-picker">
          <legend class="field-label">{t("groupsLabel")}</legend>
          <Show when={props.groups.length} fallback={<p class="field-hint">{t("noGroups")}</p>}>
            <p class="field-hint">{t("groupsHint")}</p>
            <div class="group-options">
              <For each={props.groups}>
                {(g) => (
                  <label class="group-option">
                    <input type="checkbox" checked={form().groups.includes(g.name)} onChange={(e) => toggleGroup(g.name, e.currentTarget.checked)} />
                    <span class="ellipsis">{g.name}</span>
                  </label>
                )}
              </For>
            </div>
          </Show>
        </fieldset>
        <Show when={save.error()}>
          <p class="field-error" role="alert">
            {save.error()!.offline ? common("error.network") : save.error()!.message}
          </p>
        </Show>
      </form>
    </Dialog>
  );
}
