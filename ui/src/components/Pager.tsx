import { Show } from "solid-js";
import { t } from "../i18n";
import { Button } from "./Button";
import "./Pager.css";

/**
 * Previous / next with a line saying where the user is. It knows nothing of page numbers, so a
 * list can page by offset or by cursor behind it; an optional page-size choice sits beside it.
 */
export function Pager(props: {
  label: string;
  hasPrevious: boolean;
  hasNext: boolean;
  onPrevious: () => void;
  onNext: () => void;
  pageSize?: number;
  pageSizes?: readonly number[];
  onPageSize?: (size: number) => void;
}) {
  return (
    <nav class="pager" aria-label={t("pager.label")}>
      <p class="pager-label muted small num" aria-live="polite">
        {props.label}
      </p>
      <div class="row pager-controls">
        <Show when={props.pageSizes && props.onPageSize}>
          <label class="pager-size small muted">
            <span>{t("pager.size")}</span>
            <select class="input select pager-select" value={props.pageSize} onChange={(e) => props.onPageSize!(Number(e.currentTarget.value))}>
              {props.pageSizes!.map((n) => (
                <option value={n}>{n}</option>
              ))}
            </select>
          </label>
        </Show>
        <Button size="sm" icon="chevronLeft" disabled={!props.hasPrevious} onClick={() => props.onPrevious()}>
          {t("pager.previous")}
        </Button>
        <Button size="sm" disabled={!props.hasNext} onClick={() => props.onNext()} class="pager-next">
          {t("pager.next")}
        </Button>
      </div>
    </nav>
  );
}
