import { A } from "@solidjs/router";
import { Show } from "solid-js";
import type { CatalogStatus } from "../../api/types";
import { locale } from "../../i18n";
import { fullDateTime, integer, relative } from "../../lib/format";
import { Badge } from "../Badge";
import { Button } from "../Button";
import { Icon } from "../Icon";
import { t } from "./messages";

/** Where prices come from, how the last sync went, and "sync now". */
export function CatalogCard(props: { status: CatalogStatus; syncing: boolean; onSync: () => void }) {
  const s = () => props.status;
  return (
    <section class="catalog" aria-label={t("catalog")}>
      <div class="catalog-icon" aria-hidden="true">
        <Icon name="prices" size={18} />
      </div>
      <div class="grow catalog-text">
        <p class="catalog-title">
          <span>{t("catalog")}</span>
          <Show when={s().ok !== null}>
            <Badge tone={s().ok ? "ok" : "danger"} dot>
              {s().ok ? t("syncOk") : t("syncFailed")}
            </Badge>
          </Show>
        </p>
        <p class="small muted catalog-line">
          <span class="ellipsis catalog-source" classList={{ mono: s().source !== "bundled" }}>
            {s().source === "bundled" ? t("catalogBundled") : s().source}
          </span>
          <span class="catalog-sep" aria-hidden="true">·</span>
          <span class="num">{t("models", { count: integer(s().models, locale()) })}</span>
        </p>
        <Show when={s().url}>
          <p class="small muted catalog-line">
            <span class="ellipsis">
              {t("syncsFrom")} <span class="mono">{s().url}</span>
            </span>
            <span class="catalog-sep" aria-hidden="true">·</span>
            <span title={s().last_sync_at ? fullDateTime(s().last_sync_at!, locale()) : undefined}>
              {s().last_sync_at ? t("lastSync", { when: relative(s().last_sync_at!, locale()) }) : t("neverSynced")}
            </span>
          </p>
        </Show>
        <Show when={s().ok === false && s().reason}>
          <p class="small catalog-error">{s().reason}</p>
        </Show>
        <Show when={!s().url}>
          <p class="small muted catalog-off">
            {t("syncOff")} {t("syncOffHow")} <A href="/settings">{t("openSettings")}</A>
          </p>
        </Show>
      </div>
      <Button icon="refresh" size="sm" busy={props.syncing} disabled={!s().url} onClick={() => props.onSync()}>
        {t("syncNow")}
      </Button>
    </section>
  );
}
