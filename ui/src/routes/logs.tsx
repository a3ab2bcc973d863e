import { A, useSearchParams } from "@solidjs/router";
import { createMemo, createSignal, Show } from "solid-js";
import { apiKeyApi } from "../api/api-keys";
import { channelApi } from "../api/channels";
import { logApi } from "../api/logs";
import { createAction, createQuery } from "../api/query";
import { settingApi } from "../api/settings";
import type { LogFilter } from "../api/types";
import { Button } from "../components/Button";
import { Card, PageHeader } from "../components/Card";
import { ConfirmDialog } from "../components/Dialog";
import { Icon } from "../components/Icon";
import { createLogList } from "../components/logs/live-list";
import { LiveIndicator } from "../components/logs/LiveIndicator";
import { LogDrawer } from "../components/logs/LogDrawer";
import { LogFilters } from "../components/logs/LogFilters";
import { LogTable } from "../components/logs/LogTable";
import { t } from "../components/logs/messages";
import { activeFilters, PAGE_SIZES, pageNumber, readLogView, writeLogView, type LogView } from "../components/logs/view";
import { Pager } from "../components/Pager";
import { EmptyState, QueryView } from "../components/States";
import { toast } from "../components/Toast";
import { locale } from "../i18n";
import { integer } from "../lib/format";
import "../components/logs/logs.css";

export default function Logs() {
  const [params, setParams] = useSearchParams();
  const view = createMemo(() => readLogView(params), undefined, { equals: (a, b) => JSON.stringify(a) === JSON.stringify(b) });
  const go = (next: Partial<LogView>) => setParams(writeLogView({ ...view(), ...next }));
  const setFilter = (filter: LogFilter) => go({ filter, cursors: [] });

  const list = createLogList(view);
  const channels = createQuery(() => channelApi.list());
  const apiKeys = createQuery(() => apiKeyApi.list());
  const settings = createQuery(() => settingApi.list());
  const setting = (key: string) => settings.data()?.find((s) => s.key === key)?.value;
  const captureOn = () => setting("relay_log_capture_bodies") === true;

  const [openId, setOpenId] = createSignal<number>();
  const [confirming, setConfirming] = createSignal(false);
  const clear = createAction(() => logApi.clear());
  async function clearLogs() {
    if ((await clear.run()) === undefined) return toast(clear.error()?.message ?? "", "danger");
    setConfirming(false);
    toast(t("cleared"));
    list.query.refetch();
  }

  const range = () => {
    const v = view();
    const shown = list.rows().length;
    if (!shown) return t("rangeEmpty");
    const first = (pageNumber(v) - 1) * v.size + 1;
    const numbers = { first: integer(first, locale()), last: integer(first + shown - 1, locale()), total: integer(list.total(), locale()) };
    return list.totalCapped() ? t("rangeCapped", numbers) : t("range", numbers);
  };

  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          <>
            <LiveIndicator connected={list.connected()} />
            <Button icon="trash" variant="secondary" disabled={!list.total()} onClick={() => setConfirming(true)}>
              {t("clear")}
            </Button>
          </>
        }
      />
      <div class="stack">
        <Show when={setting("relay_log_enabled") === false}>
          <p class="log-notice" role="note">
            <Icon name="alert" size={16} />
            <span class="grow">{t("loggingOff")}</span>
            <A href="/settings">{t("openSettings")}</A>
          </p>
        </Show>
        <LogFilters filter={view().filter} channels={channels.data() ?? []} apiKeys={apiKeys.data() ?? []} onChange={setFilter} />
        <Show when={list.missed() > 0 && pageNumber(view()) > 1}>
          <button type="button" class="log-missed" onClick={() => go({ cursors: [] })}>
            <Icon name="chevronUp" size={16} />
            {list.missed() === 1 ? t("newEntry") : t("newEntries", { count: integer(list.missed(), locale()) })}
            <span class="muted">· {t("showNewest")}</span>
          </button>
        </Show>
        <Card flush>
          <QueryView
            query={list.query}
            loadingRows={8}
            empty={() => list.rows().length === 0}
            emptyView={
              <Show
                when={activeFilters(view().filter) === 0 && pageNumber(view()) === 1}
                fallback={
                  <EmptyState
                    icon="filter"
                    title={t("noMatchTitle")}
                    description={t("noMatchText")}
                    action={
                      <Button size="sm" onClick={() => setFilter({})}>
                        {t("clearFilters")}
                      </Button>
                    }
                  />
                }
              >
                <EmptyState
                  icon="logs"
                  title={t("emptyTitle")}
                  description={
                    <>
                      {t("emptyText")}
                      <Show when={settings.data() && !captureOn()}>
                        <br />
                        {t("captureOff")} <A href="/settings">{t("captureOffLink")}</A>
                      </Show>
                    </>
                  }
                  action={
                    <A href="/api-keys" class="btn btn-primary btn-sm">
                      <Icon name="key" size={15} />
                      {t("emptyAction")}
                    </A>
                  }
                />
              </Show>
            }
          >
            {() => (
              <>
                <LogTable rows={list.rows()} onOpen={setOpenId} />
                <Pager
                  label={range()}
                  hasPrevious={pageNumber(view()) > 1}
                  hasNext={list.nextCursor() !== null}
                  onPrevious={() => go({ cursors: view().cursors.slice(0, -1) })}
                  onNext={() => go({ cursors: [...view().cursors, list.nextCursor()!] })}
                  pageSize={view().size}
                  pageSizes={PAGE_SIZES}
                  onPageSize={(size) => go({ size, cursors: [] })}
                />
              </>
            )}
          </QueryView>
        </Card>
      </div>
      <LogDrawer id={openId()} captureOn={captureOn()} onClose={() => setOpenId(undefined)} />
      <ConfirmDialog
        open={confirming()}
        title={t("clearTitle")}
        message={t("clearMessage")}
        confirmLabel={t("clearConfirm")}
        busy={clear.pending()}
        onConfirm={clearLogs}
        onClose={() => setConfirming(false)}
      />
    </>
  );
}
