/** Loading, error and empty states, and QueryView, which picks the right one for a query. */
import { Show, type JSX } from "solid-js";
import type { ApiError } from "../api/client";
import type { Query } from "../api/query";
import { t } from "../i18n";
import { Button } from "./Button";
import { Icon, type IconName } from "./Icon";
import "./States.css";

export function Loading(props: { rows?: number; label?: string }) {
  return (
    <div class="loading" role="status" aria-live="polite">
      <span class="sr-only">{props.label ?? t("state.loading")}</span>
      {Array.from({ length: props.rows ?? 3 }, (_, i) => (
        <div class="skeleton" style={{ width: `${92 - i * 14}%` }} />
      ))}
    </div>
  );
}

export function ErrorState(props: { error: ApiError; onRetry?: () => void }) {
  return (
    <div class="state state-error" role="alert">
      <Icon name="alert" size={22} />
      <div>
        <p class="state-title">{props.error.offline ? t("error.network") : t("state.error")}</p>
        <Show when={!props.error.offline}>
          <p class="muted small">{props.error.message}</p>
        </Show>
      </div>
      <Show when={props.onRetry}>
        <Button size="sm" icon="refresh" onClick={() => props.onRetry!()}>
          {t("action.retry")}
        </Button>
      </Show>
    </div>
  );
}

/** What an empty list means and what to do about it. */
export function EmptyState(props: { icon?: IconName; title: string; description?: JSX.Element; action?: JSX.Element }) {
  return (
    <div class="state state-empty">
      <div class="state-icon">
        <Icon name={props.icon ?? "info"} size={22} />
      </div>
      <p class="state-title">{props.title}</p>
      {props.description && <p class="muted small state-text">{props.description}</p>}
      {props.action}
    </div>
  );
}

/** Renders `children` with the query's data once loaded; loading, error and `empty` otherwise. */
export function QueryView<T>(props: {
  query: Query<T>;
  children: (data: T) => JSX.Element;
  empty?: (data: T) => boolean;
  emptyView?: JSX.Element;
  loadingRows?: number;
}) {
  return (
    <Show when={!props.query.error()} fallback={<ErrorState error={props.query.error()!} onRetry={props.query.refetch} />}>
      <Show when={props.query.data() !== undefined} fallback={<Loading rows={props.loadingRows} />}>
        <Show when={!(props.empty && props.empty(props.query.data()!))} fallback={props.emptyView}>
          {props.children(props.query.data()!)}
        </Show>
      </Show>
    </Show>
  );
}
