/** Tries one of a channel's models with a short request and shows what came back. */
import { createSignal, Show } from "solid-js";
import { channelApi, type ChannelTestResult } from "../../api/channels";
import { createAction } from "../../api/query";
import type { Channel } from "../../api/types";
import { t as common } from "../../i18n";
import { duration } from "../../lib/format";
import { Badge } from "../Badge";
import { Button } from "../Button";
import { Dialog } from "../Dialog";
import { SelectField } from "../Field";
import { InlineError } from "../InlineError";
import { t } from "./messages";

export function TestDialog(props: { channel: Channel; onClose: () => void }) {
  const [model, setModel] = createSignal(props.channel.models[0] ?? "");
  /** The enabled keys, numbered as the channel form numbers them, so each can be tried on its own. */
  const keys = props.channel.keys.flatMap((k, i) => (k.enabled ? [{ value: String(k.id), label: [t("key", { n: i + 1 }), k.remark || k.key].join(" · ") }] : []));
  const [keyId, setKeyId] = createSignal(keys[0]?.value ?? "");
  const [result, setResult] = createSignal<ChannelTestResult>();
  const test = createAction(() => channelApi.test(props.channel.id, model(), keyId() ? Number(keyId()) : undefined));
  const choose = (set: (value: string) => void) => (value: string) => {
    set(value);
    setResult(undefined);
    test.clear();
  };
  async function run() {
    setResult(undefined);
    setResult(await test.run());
  }
  return (
    <Dialog
      open
      wide
      title={t("testTitle", { name: props.channel.name })}
      onClose={props.onClose}
      footer={
        <>
          <Button onClick={props.onClose}>{common("action.close")}</Button>
          <Button variant="primary" icon="play" busy={test.pending()} disabled={!model()} onClick={run}>
            {t("runTest")}
          </Button>
        </>
      }
    >
      <Show when={props.channel.models.length > 0} fallback={<p class="muted">{t("testNoModels")}</p>}>
        <div class="stack">
          <SelectField
            label={t("testModel")}
            hint={t("testHint")}
            value={model()}
            options={props.channel.models.map((m) => ({ value: m, label: m }))}
            onValue={choose(setModel)}
          />
          <Show when={keys.length > 1}>
            <SelectField label={t("testKey")} value={keyId()} options={keys} onValue={choose(setKeyId)} />
          </Show>
          <div aria-live="polite">
            <InlineError error={test.error()} />
            <Show when={result()}>
              {(r) => (
                <div class="test-result">
                  <div class="row">
                    <Badge tone={r().ok ? "ok" : "danger"} dot>
                      {r().ok ? t("testOk") : t("testFailed")}
                    </Badge>
                    <span class="muted small">
                      {t("latency")} <strong class="num">{duration(r().latency_ms)}</strong>
                    </span>
                    <Show when={r().status}>
                      <span class="muted small">
                        {t("status")} <strong class="num">{r().status}</strong>
                      </span>
                    </Show>
                    <span class="faint small mono ellipsis">{r().model}</span>
                  </div>
                  <Show when={r().answer}>
                    <p class="field-label">{t("answer")}</p>
                    <pre class="test-output">{r().answer}</pre>
                  </Show>
                  <Show when={r().error}>
                    <p class="field-label">{t("error")}</p>
                    <pre class="test-output test-output-error">{r().error}</pre>
                  </Show>
                </div>
              )}
            </Show>
          </div>
        </div>
      </Show>
    </Dialog>
  );
}
