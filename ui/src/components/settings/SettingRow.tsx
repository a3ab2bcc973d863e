import { createSignal, createUniqueId, Show } from "solid-js";
import { createAction } from "../../api/query";
import { settingApi } from "../../api/settings";
import type { Setting } from "../../api/types";
import { t as common, locale } from "../../i18n";
import { integer } from "../../lib/format";
import { Badge } from "../Badge";
import { Button } from "../Button";
import { toast } from "../Toast";
import { hasMessage, t } from "./messages";

const envName = (key: string) => `OCTOPUS_SETTING_${key.toUpperCase()}`;

/** One runtime setting: what it means, its control, its default; saved on its own. */
export function SettingRow(props: { setting: Setting; onSaved: (value: Setting["value"]) => void }) {
  const id = createUniqueId();
  const s = () => props.setting;
  const [draft, setDraft] = createSignal(String(s().value));
  const save = createAction((value: Setting["value"]) => settingApi.set(s().key, value));
  const title = () => (hasMessage(`setting.${s().key}`) ? t(`setting.${s().key}` as never) : s().key);
  const doc = () => (hasMessage(`doc.${s().key}`) ? t(`doc.${s().key}` as never) : s().doc);
  const show = (value: Setting["value"]) =>
    typeof value === "boolean" ? (value ? t("on") : t("off")) : typeof value === "number" ? integer(value, locale()) : value === "" ? t("empty") : value;
  const dirty = () => draft() !== String(s().value);

  async function store(value: Setting["value"]) {
    const saved = await save.run(value);
    if (!saved) return;
    props.onSaved(saved.value);
    setDraft(String(saved.value));
    toast(t("savedSetting", { key: title() }));
  }
  // Integers go as typed text: the server parses and bounds them and says what is wrong.
  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    if (dirty()) void store(draft());
  };

  return (
    <li class="setting-row">
      <div class="setting-info">
        <div class="row">
          <label class="setting-name" for={id}>
            {title()}
          </label>
          <code class="faint xs">{s().key}</code>
        </div>
        <p class="muted small" id={`${id}-doc`}>
          {doc()}
        </p>
        <p class="faint xs">{t("defaultValue", { value: show(s().default) })}</p>
        <Show when={s().pinned}>
          <p class="setting-pinned small">
            <Badge tone="info">{t("pinned", { env: envName(s().key) })}</Badge>
            <span class="muted xs">{t("pinnedText", { env: envName(s().key) })}</span>
          </p>
        </Show>
      </div>
      <form class="setting-control" onSubmit={submit} novalidate>
        <Show
          when={s().type === "boolean"}
          fallback={
            <div class="row setting-edit">
              <input
                id={id}
                class="input"
                type={s().type === "integer" ? "number" : "text"}
                inputMode={s().type === "integer" ? "numeric" : undefined}
                min={s().min}
                max={s().max}
                step={s().type === "integer" ? 1 : undefined}
                value={draft()}
                placeholder={s().type === "string" ? t("empty") : undefined}
                disabled={s().pinned}
                aria-describedby={`${id}-doc ${id}-err`}
                aria-invalid={save.error() ? "true" : undefined}
                onInput={(e) => {
                  setDraft(e.currentTarget.value);
                  save.clear();
                }}
              />
              <Show when={!s().pinned}>
                <Button type="submit" size="md" variant={dirty() ? "primary" : "secondary"} disabled={!dirty()} busy={save.pending()}>
                  {common("action.save")}
                </Button>
              </Show>
            </div>
          }
        >
          <input
            id={id}
            type="checkbox"
            role="switch"
            class="switch"
            checked={s().value === true}
            disabled={s().pinned || save.pending()}
            aria-describedby={`${id}-doc ${id}-err`}
            onChange={(e) => void store(e.currentTarget.checked)}
          />
        </Show>
        <p class="field-error" id={`${id}-err`} role="alert">
          {save.error() ? (save.error()!.offline ? common("error.network") : save.error()!.message) : ""}
        </p>
      </form>
    </li>
  );
}
