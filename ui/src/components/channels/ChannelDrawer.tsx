/** Create or edit a channel in a side drawer: connection, keys, models, advanced options. */
import { createMemo, createSignal, Index, Show } from "solid-js";
import { createStore, produce } from "solid-js/store";
import { channelApi } from "../../api/channels";
import { createAction } from "../../api/query";
import type { Channel, ChannelType } from "../../api/types";
import { Badge } from "../Badge";
import { Button, IconButton } from "../Button";
import { SelectField, Switch, TextArea, TextField } from "../Field";
import { FormDrawer } from "../FormDrawer";
import { FormSection } from "../FormSection";
import { InlineError } from "../InlineError";
import { toast } from "../Toast";
import { problemText, t } from "./messages";
import { ModelPicker } from "./ModelPicker";
import { emptyForm, fetchModelsRequest, formFromChannel, hasProblems, toChannelBody, urlFormats, validateChannel, type Problem } from "./validate";

export function ChannelDrawer(props: { channel?: Channel; types: ChannelType[]; onClose: () => void; onSaved: (channel: Channel) => void }) {
  const editing = props.channel;
  const [form, setForm] = createStore(editing ? formFromChannel(editing) : emptyForm(props.types[0]));
  const [pool, setPool] = createSignal<string[]>(editing ? [...editing.models] : []);
  const [submitted, setSubmitted] = createSignal(false);
  const typeOf = (type: string) => props.types.find((x) => x.type === type);
  const errors = createMemo(() => validateChannel(form, typeOf(form.type)?.format));
  /** Missing values are pointed out after a save attempt; wrong ones as they are typed. */
  const shown = (p: Problem | undefined) => (p && (submitted() || (p.code !== "required" && p.code !== "noKey")) ? problemText(p) : undefined);

  const fetchRequest = createMemo(() => fetchModelsRequest(form, editing?.id, typeOf(form.type)?.format));
  const fetching = createAction(() => channelApi.fetchModels(fetchRequest()!));
  async function fetchModels() {
    const result = await fetching.run();
    if (!result) return;
    setPool((p) => [...new Set([...form.models, ...result.models, ...p])]);
    if (form.models.length === 0) setForm("models", result.models);
    toast(result.models.length ? t("fetched", { count: result.models.length }) : t("fetchedNone"));
  }
  const addModel = (name: string) => {
    setPool((p) => (p.includes(name) ? p : [...p, name]));
    if (!form.models.includes(name)) setForm("models", (m) => [...m, name]);
  };

  function pickType(type: string) {
    const before = typeOf(form.type);
    const next = typeOf(type);
    setForm("type", type);
    const first = form.base_urls[0].url.trim();
    if (next && (!first || first === before?.default_base_url)) setForm("base_urls", 0, "url", next.default_base_url);
  }

  const save = createAction(async () => {
    const body = toChannelBody(form);
    return editing ? channelApi.update(editing.id, body) : channelApi.create(body);
  });
  async function submit() {
    setSubmitted(true);
    if (hasProblems(errors())) return;
    const saved = await save.run();
    if (!saved) return;
    toast(editing ? t("saved", { name: saved.name }) : t("created", { name: saved.name }));
    props.onSaved(saved);
  }

  const remove = <K extends "base_urls" | "keys" | "custom_headers">(key: K, index: number) =>
    setForm(produce((f) => void f[key].splice(index, 1)));

  return (
    <FormDrawer
      title={editing ? t("editTitle", { name: editing.name }) : t("newTitle")}
      creating={!editing}
      problems={submitted() && hasProblems(errors()) && t("fixErrors")}
      busy={save.pending()}
      error={save.error()}
      class="channel-form"
      onSubmit={submit}
      onClose={props.onClose}
    >
      <FormSection title={t("sectionBasics")}>
        <div class="grid-2">
          <TextField label={t("name")} hint={t("nameHint")} value={form.name} onValue={(v) => setForm("name", v)} error={shown(errors().name)} required autofocus />
          <SelectField
            label={t("type")}
            hint={t("typeHint")}
            value={form.type}
            options={props.types.map((x) => ({ value: x.type, label: x.restricted ? t("restrictedOption", { name: x.name }) : x.name }))}
            onValue={pickType}
            error={shown(errors().type)}
          />
        </div>
        <Show when={typeOf(form.type)?.restricted}>
          <div class="restricted-notice" role="note">
            <Badge tone="warn">{t("restricted")}</Badge>
            <p>{t("restrictedWarning", { name: typeOf(form.type)!.name })}</p>
          </div>
        </Show>
        <Switch label={t("enabled")} hint={t("enabledHint")} checked={form.enabled} onChange={(v) => setForm("enabled", v)} />
      </FormSection>

      <FormSection
        title={t("sectionEndpoints")}
        hint={t("baseUrlHint")}
        actions={
          <Button size="sm" variant="ghost" icon="plus" onClick={() => setForm("base_urls", (u) => [...u, { url: "", format: "" }])}>
            {t("addBaseUrl")}
          </Button>
        }
      >
        <Show when={shown(errors().baseUrlList)}>
          <p class="field-error" role="alert">
            {shown(errors().baseUrlList)}
          </p>
        </Show>
        <Index each={form.base_urls}>
          {(row, i) => (
            <div class="form-row base-url-row">
              <TextField
                class="grow mono-input"
                label={t("baseUrl", { n: i + 1 })}
                type="url"
                inputMode="url"
                value={row().url}
                onValue={(v) => setForm("base_urls", i, "url", v)}
                error={shown(errors().base_urls[i])}
                spellcheck={false}
              />
              <SelectField
                class="base-url-format"
                label={t("urlFormat", { n: i + 1 })}
                value={row().format}
                options={[{ value: "" as const, label: t("sameAsType") }, ...urlFormats(props.types)]}
                onValue={(v) => setForm("base_urls", i, "format", v)}
              />
              <IconButton icon="trash" label={t("removeBaseUrl", { n: i + 1 })} disabled={form.base_urls.length === 1} onClick={() => remove("base_urls", i)} />
            </div>
          )}
        </Index>
      </FormSection>

      <FormSection
        title={t("sectionKeys")}
        hint={form.type === "antigravity" ? t("antigravityKeysHint") : t("keysHint")}
        actions={
          <Button size="sm" variant="ghost" icon="plus" onClick={() => setForm("keys", (k) => [...k, { key: "", remark: "", enabled: true }])}>
            {t("addKey")}
          </Button>
        }
      >
        <Show when={shown(errors().keyList)}>
          <p class="field-error" role="alert">
            {shown(errors().keyList)}
          </p>
        </Show>
        <Index each={form.keys}>
          {(key, i) => (
            <div class="key-row" classList={{ "key-row-off": !key().enabled }} role="group" aria-label={t("key", { n: i + 1 })}>
              <div class="key-row-fields">
                <TextField
                  label={
                    <>
                      {t("key", { n: i + 1 })}
                      {/* A space, so the field's accessible name reads "Key 1 sk-…abcd", not "Key 1sk-…". */}
                      <Show when={key().masked}>
                        {" "}
                        <span class="key-masked mono" title={t("storedKey")}>
                          {key().masked}
                        </span>
                      </Show>
                    </>
                  }
                  type="password"
                  autocomplete="off"
                  spellcheck={false}
                  placeholder={key().id === undefined ? t("newKey") : t("replaceKey")}
                  value={key().key}
                  onValue={(v) => setForm("keys", i, "key", v)}
                  error={shown(errors().keys[i])}
                />
                <TextField label={t("remark")} placeholder={t("remarkPlaceholder")} value={key().remark} onValue={(v) => setForm("keys", i, "remark", v)} maxLength={255} />
              </div>
              <div class="key-row-side">
                <Switch label={t("keyEnabled")} checked={key().enabled} onChange={(v) => setForm("keys", i, "enabled", v)} />
                <IconButton icon="trash" label={t("removeKey", { n: i + 1 })} onClick={() => remove("keys", i)} />
              </div>
            </div>
          )}
        </Index>
      </FormSection>

      <FormSection
        title={t("sectionModels")}
        hint={fetchRequest() ? t("fetchHint") : t("fetchNeeds")}
        actions={
          <Button size="sm" icon="refresh" busy={fetching.pending()} disabled={!fetchRequest()} onClick={fetchModels}>
            {t("fetchModels")}
          </Button>
        }
      >
        <InlineError error={fetching.error()} />
        <ModelPicker pool={pool()} selected={form.models} onChange={(m) => setForm("models", m)} onAdd={addModel} />
        <div class="grid-2">
          <TextField
            label={t("modelFilter")}
            hint={t("modelFilterHint")}
            class="mono-input"
            placeholder="^(gpt|o\d)"
            spellcheck={false}
            value={form.model_filter}
            onValue={(v) => setForm("model_filter", v)}
            error={shown(errors().model_filter)}
          />
          <div class="switch-cell">
            <Switch label={t("autoSync")} hint={t("autoSyncHint")} checked={form.auto_sync} onChange={(v) => setForm("auto_sync", v)} />
          </div>
        </div>
      </FormSection>

      <FormSection title={t("sectionAdvanced")}>
        <div class="stack-tight">
          <p class="field-label">{t("headers")}</p>
          <p class="field-hint">{t("headersHint")}</p>
          <Index each={form.custom_headers}>
            {(header, i) => (
              <div class="form-row header-row">
                <TextField
                  label={t("headerName", { n: i + 1 })}
                  class="mono-input"
                  spellcheck={false}
                  placeholder="x-custom-header"
                  value={header().key}
                  onValue={(v) => setForm("custom_headers", i, "key", v)}
                  error={shown(errors().custom_headers[i])}
                />
                <TextField
                  label={t("headerValue", { n: i + 1 })}
                  class="mono-input grow"
                  spellcheck={false}
                  value={header().value}
                  onValue={(v) => setForm("custom_headers", i, "value", v)}
                />
                <IconButton icon="trash" label={t("removeHeader", { n: i + 1 })} onClick={() => remove("custom_headers", i)} />
              </div>
            )}
          </Index>
          <div>
            <Button size="sm" icon="plus" onClick={() => setForm("custom_headers", (h) => [...h, { key: "", value: "" }])}>
              {t("addHeader")}
            </Button>
          </div>
        </div>
        <TextArea
          label={t("paramOverride")}
          hint={t("paramOverrideHint")}
          rows={5}
          spellcheck={false}
          placeholder={'{\n  "temperature": 0.2\n}'}
          value={form.param_override}
          onValue={(v) => setForm("param_override", v)}
          error={shown(errors().param_override)}
        />
        <TextField
          label={t("proxyUrl")}
          hint={t("proxyHint")}
          class="mono-input"
          type="url"
          spellcheck={false}
          placeholder="socks5://127.0.0.1:1080"
          value={form.proxy_url}
          onValue={(v) => setForm("proxy_url", v)}
          error={shown(errors().proxy_url)}
        />
      </FormSection>
    </FormDrawer>
  );
}
