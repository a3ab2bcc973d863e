/**
 * The models a channel offers: every known name as a chip to select, a search over them, select
 * all/none (of what the search shows), and a field to add a name the provider does not list.
 */
import { createMemo, createSignal, createUniqueId, For, Show } from "solid-js";
import { Button } from "../Button";
import { Icon } from "../Icon";
import { t } from "./messages";

export function ModelPicker(props: { pool: string[]; selected: string[]; onChange: (selected: string[]) => void; onAdd: (model: string) => void }) {
  const [query, setQuery] = createSignal("");
  const [custom, setCustom] = createSignal("");
  const searchId = createUniqueId();
  const customId = createUniqueId();
  const chosen = createMemo(() => new Set(props.selected));
  const visible = createMemo(() => {
    const q = query().trim().toLowerCase();
    return q ? props.pool.filter((m) => m.toLowerCase().includes(q)) : props.pool;
  });
  const toggle = (model: string) =>
    props.onChange(chosen().has(model) ? props.selected.filter((m) => m !== model) : [...props.selected, model]);
  const selectVisible = (on: boolean) => {
    const shown = new Set(visible());
    props.onChange(on ? [...new Set([...props.selected, ...visible()])] : props.selected.filter((m) => !shown.has(m)));
  };
  const addCustom = () => {
    const name = custom().trim();
    if (!name) return;
    props.onAdd(name);
    setCustom("");
  };
  return (
    <div class="model-picker">
      <Show when={props.pool.length > 0} fallback={<p class="muted small">{t("noModelsYet")}</p>}>
        <div class="model-picker-bar">
          <label class="sr-only" for={searchId}>
            {t("searchModels")}
          </label>
          <span class="model-search">
            <Icon name="search" size={15} />
            <input id={searchId} class="input" type="search" placeholder={t("searchModels")} value={query()} onInput={(e) => setQuery(e.currentTarget.value)} />
          </span>
          <Button size="sm" variant="ghost" onClick={() => selectVisible(true)}>
            {t("selectAll")}
          </Button>
          <Button size="sm" variant="ghost" onClick={() => selectVisible(false)}>
            {t("selectNone")}
          </Button>
        </div>
        <p class="faint xs" aria-live="polite">
          {t("selectedCount", { selected: props.selected.length, total: props.pool.length })}
        </p>
        <div class="chips" role="group" aria-label={t("sectionModels")}>
          <For each={visible()} fallback={<p class="muted small">{t("noMatch", { query: query() })}</p>}>
            {(model) => (
              <button type="button" class="chip" aria-pressed={chosen().has(model)} onClick={() => toggle(model)}>
                <Show when={chosen().has(model)}>
                  <Icon name="check" size={13} />
                </Show>
                <span class="mono">{model}</span>
              </button>
            )}
          </For>
        </div>
      </Show>
      <div class="field">
        <label class="field-label" for={customId}>
          {t("customModel")}
        </label>
        <div class="row nowrap">
          <input
            id={customId}
            class="input grow"
            value={custom()}
            placeholder={t("customPlaceholder")}
            onInput={(e) => setCustom(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter") {
                e.preventDefault();
                addCustom();
              }
            }}
          />
          <Button icon="plus" onClick={addCustom} disabled={!custom().trim()}>
            {t("addModel")}
          </Button>
        </div>
      </div>
    </div>
  );
}
