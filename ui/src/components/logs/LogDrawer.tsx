import { A } from "@solidjs/router";
import { For, Show, type JSX } from "solid-js";
import { logApi } from "../../api/logs";
import { createQuery } from "../../api/query";
import type { LogDetail } from "../../api/types";
import { locale } from "../../i18n";
import { duration, fullDateTime, integer, money, relative } from "../../lib/format";
import { Dialog } from "../Dialog";
import { Icon } from "../Icon";
import { JsonView } from "../JsonView";
import { QueryView } from "../States";
import { t } from "./messages";
import { StatusBadge } from "./StatusBadge";
import { isSuccess } from "./view";

/** One request in full: its facts, the upstream attempts in order, and the captured bodies. */
export function LogDrawer(props: { id: number | undefined; captureOn: boolean; onClose: () => void }) {
  const detail = createQuery((id: number) => logApi.get(id), { source: () => props.id });
  return (
    <Dialog kind="drawer" wide open={props.id !== undefined} onClose={props.onClose} title={t("detail", { id: props.id ?? "" })}>
      <QueryView query={detail} loadingRows={8}>
        {(log) => (
          <div class="stack log-detail">
            <Summary log={log} />
            <Show when={log.error}>
              <p class="log-error" role="note">
                <Icon name="alert" size={16} />
                <span>{log.error}</span>
              </p>
            </Show>
            <Facts log={log} />
            <Attempts log={log} />
            <Bodies log={log} captureOn={props.captureOn} />
          </div>
        )}
      </QueryView>
    </Dialog>
  );
}

function Summary(props: { log: LogDetail }) {
  return (
    <div class="log-summary">
      <StatusBadge status={props.log.status} />
      <span class="log-summary-model">
        {props.log.model}
        <Show when={props.log.actual_model && props.log.actual_model !== props.log.model}>
          <span class="muted"> → {props.log.actual_model}</span>
        </Show>
      </span>
      <span class="faint small">{relative(props.log.time, locale())}</span>
    </div>
  );
}

function Fact(props: { label: string; children: JSX.Element }) {
  return (
    <div class="log-fact">
      <dt>{props.label}</dt>
      <dd>{props.children}</dd>
    </div>
  );
}

function Facts(props: { log: LogDetail }) {
  const l = () => props.log;
  const n = (v: number) => <span class="num">{integer(v, locale())}</span>;
  return (
    <section class="stack log-section" aria-label={t("summary")}>
      <dl class="log-facts">
        <Fact label={t("time")}>{fullDateTime(l().time, locale())}</Fact>
        <Fact label={t("format")}>
          <span class="mono">{l().format}</span>
        </Fact>
        <Fact label={t("requested")}>{l().model}</Fact>
        <Fact label={t("actual")}>{l().actual_model || "—"}</Fact>
        <Fact label={t("colChannel")}>{l().channel ? `${l().channel} (#${l().channel_id})` : "—"}</Fact>
        <Fact label={t("apiKey")}>{l().api_key_name || t("deletedKey", { id: l().api_key_id })}</Fact>
        <Fact label={t("ttfb")}>
          <span class="num">{duration(l().ttfb_ms)}</span>
        </Fact>
        <Fact label={t("duration")}>
          <span class="num">{duration(l().duration_ms)}</span>
        </Fact>
        <Fact label={t("cost")}>
          <span class="num">{money(l().cost, locale())}</span>
        </Fact>
      </dl>
      <div>
        <h3 class="log-heading">{t("tokens")}</h3>
        <dl class="log-facts log-tokens">
          <Fact label={t("inputTokens")}>{n(l().input_tokens)}</Fact>
          <Fact label={t("outputTokens")}>{n(l().output_tokens)}</Fact>
          <Fact label={t("cacheRead")}>{n(l().cache_read_tokens)}</Fact>
          <Fact label={t("cacheWrite")}>{n(l().cache_write_tokens)}</Fact>
          <Fact label={t("reasoning")}>{n(l().reasoning_tokens)}</Fact>
        </dl>
      </div>
    </section>
  );
}

function Attempts(props: { log: LogDetail }) {
  return (
    <section class="log-section">
      <h3 class="log-heading">{t("attempts")}</h3>
      <Show when={props.log.attempts.length} fallback={<p class="muted small">{t("noAttempts")}</p>}>
        <ol class="timeline">
          <For each={props.log.attempts}>
            {(a, i) => (
              <li class={`timeline-item ${isSuccess(a.status) ? "ok" : "failed"}`}>
                <span class="timeline-dot" aria-hidden="true" />
                <div class="timeline-body">
                  <div class="row timeline-head">
                    <span class="sr-only">{t("attempt", { n: i() + 1 })}: </span>
                    <strong>{a.channel_name || `#${a.channel_id}`}</strong>
                    <span class="muted small">{a.key_remark ? t("key", { remark: a.key_remark }) : t("keyNoRemark")}</span>
                    <span class="grow" />
                    <StatusBadge status={a.status} />
                    <span class="num small muted">{duration(a.duration_ms)}</span>
                  </div>
                  <p class="mono xs faint timeline-endpoint">{a.endpoint}</p>
                  <Show when={a.error}>
                    <p class="small timeline-error">{a.error}</p>
                  </Show>
                </div>
              </li>
            )}
          </For>
        </ol>
      </Show>
    </section>
  );
}

function Bodies(props: { log: LogDetail; captureOn: boolean }) {
  return (
    <section class="stack log-section">
      <h3 class="log-heading">{t("bodies")}</h3>
      <Show
        when={props.log.request_body !== null || props.log.response_body !== null}
        fallback={
          <p class="muted small">
            {props.captureOn ? t("notCaptured") : t("captureOff")}{" "}
            <Show when={!props.captureOn}>
              <A href="/settings">{t("captureOffLink")}</A>
            </Show>
          </p>
        }
      >
        <Show when={props.log.request_body !== null}>
          <JsonView title={t("requestBody")} text={props.log.request_body!} />
        </Show>
        <Show when={props.log.response_body !== null}>
          <JsonView title={t("responseBody")} text={props.log.response_body!} />
        </Show>
      </Show>
    </section>
  );
}
