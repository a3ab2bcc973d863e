import { createEffect, createSignal, createUniqueId, For, on, onCleanup, Show } from "solid-js";
import type { ApiKey, Channel, LogFilter } from "../../api/types";
import { t as common } from "../../i18n";
import { Button } from "../Button";
import { SelectField, TextField } from "../Field";
import { t } from "./messages";
import { activeFilters, fromLocalInput, parseStatus, toLocalInput } from "./view";

type StatusChoice = "" | "success" | "failed" | "code";

/** Typing in the model or code field waits this long before the list reloads. */
const TYPING_MS = 400;

export function LogFilters(props: { filter: LogFilter; channels: Channel[]; apiKeys: ApiKey[]; onChange: (filter: LogFilter) => void }) {
  const set = (patch: Partial<LogFilter>) => props.onChange({ ...props.filter, ...patch });
  const [open, setOpen] = createSignal(false);
  const listId = createUniqueId();

  // The status choice and the typed code are kept here while a code is being typed; the URL
  // (props.filter) wins whenever it changes, e.g. on back/forward or "clear filters".
  const initial = props.filter.status;
  const [choice, setChoice] = createSignal<StatusChoice>(typeof initial === "number" ? "code" : (initial ?? ""));
  const [code, setCode] = createSignal(typeof initial === "number" ? String(initial) : "");
  createEffect(
    on(
      () => props.filter.status,
      (status, previous) => {
        if (typeof status === "number") setCode(String(status));
        if (status !== undefined) setChoice(typeof status === "number" ? "code" : status);
        else if (previous !== undefined) (setChoice(""), setCode(""));
      },
      { defer: true },
    ),
  );
  const [model, setModel] = createSignal(props.filter.model ?? "");
  createEffect(on(() => props.filter.model, (m) => setModel(m ?? ""), { defer: true }));

  let typing: ReturnType<typeof setTimeout> | undefined;
  const later = (fn: () => void) => {
    clearTimeout(typing);
    typing = setTimeout(fn, TYPING_MS);
  };
  onCleanup(() => clearTimeout(typing));

  const models = () => [...new Set(props.channels.flatMap((c) => c.models))].sort();
  const count = () => activeFilters(props.filter);

  return (
    <div class="log-filters" classList={{ open: open() }}>
      <div class="log-filters-toggle row">
        <Button size="sm" icon="filter" aria-expanded={open()} onClick={() => setOpen(!open())}>
          {t("filters")}
          <Show when={count()}>
            <span class="log-filter-count num">{count()}</span>
          </Show>
        </Button>
      </div>
      <div class="log-filter-grid">
        <TextField label={t("from")} type="datetime-local" value={toLocalInput(props.filter.from)} onChange={(e) => set({ from: fromLocalInput(e.currentTarget.value) })} />
        <TextField label={t("to")} type="datetime-local" value={toLocalInput(props.filter.to)} onChange={(e) => set({ to: fromLocalInput(e.currentTarget.value, true) })} />
        <TextField
          label={t("model")}
          placeholder={t("modelPlaceholder")}
          list={listId}
          value={model()}
          autocomplete="off"
          onValue={(v) => {
            setModel(v);
            later(() => set({ model: v.trim() || undefined }));
          }}
        />
        <datalist id={listId}>
          <For each={models()}>{(m) => <option value={m} />}</For>
        </datalist>
        <SelectField
          label={t("channel")}
          value={String(props.filter.channel_id ?? "")}
          options={[{ value: "", label: common("state.all") }, ...props.channels.map((c) => ({ value: String(c.id), label: c.name }))]}
          onValue={(v) => set({ channel_id: v ? Number(v) : undefined })}
        />
        <SelectField
          label={t("apiKey")}
          value={String(props.filter.api_key_id ?? "")}
          options={[{ value: "", label: common("state.all") }, ...props.apiKeys.map((k) => ({ value: String(k.id), label: k.name }))]}
          onValue={(v) => set({ api_key_id: v ? Number(v) : undefined })}
        />
        <div class="log-status-field">
          <SelectField<StatusChoice>
            label={t("status")}
            value={choice()}
            options={[
              { value: "", label: t("statusAny") },
              { value: "success", label: t("statusSuccess") },
              { value: "failed", label: t("statusFailed") },
              { value: "code", label: t("statusCode") },
            ]}
            onValue={(v) => {
              setChoice(v);
              if (v !== "code") set({ status: v || undefined });
              else if (parseStatus(code()) !== undefined) set({ status: parseStatus(code()) });
            }}
          />
          <Show when={choice() === "code"}>
            <TextField
              label={<span class="sr-only">{t("code")}</span>}
              class="log-code"
              inputMode="numeric"
              maxLength={3}
              placeholder="429"
              value={code()}
              onValue={(v) => {
                setCode(v);
                const status = parseStatus(v.trim());
                later(() => set({ status: status ?? undefined }));
              }}
            />
          </Show>
        </div>
      </div>
      <Show when={count()}>
        <div class="row log-filter-clear">
          <Button
            size="sm"
            variant="ghost"
            icon="close"
            onClick={() => {
              setChoice("");
              setCode("");
              props.onChange({});
            }}
          >
            {t("clearFilters")}
          </Button>
        </div>
      </Show>
    </div>
  );
}
