import { A } from "@solidjs/router";
import { createMemo, createSignal, Show } from "solid-js";
import { channelApi } from "../api/channels";
import { priceApi } from "../api/prices";
import { createAction, createQuery } from "../api/query";
import { Button } from "../components/Button";
import { Card, PageHeader } from "../components/Card";
import { SelectField, Switch, TextField } from "../components/Field";
import { Icon } from "../components/Icon";
import { AddOverrideDialog } from "../components/prices/AddOverrideDialog";
import { CatalogCard } from "../components/prices/CatalogCard";
import { t } from "../components/prices/messages";
import { priceRowKey, PriceTable } from "../components/prices/PriceTable";
import { arrange, channelRows, defaultRows, pricedChannels, type PriceRow, type PriceValues, type SortKey } from "../components/prices/rows";
import { EmptyState, Loading, QueryView } from "../components/States";
import { Tabs } from "../components/Tabs";
import { toast } from "../components/Toast";
import { locale } from "../i18n";
import { integer } from "../lib/format";
import "../components/prices/prices.css";

export default function Prices() {
  const prices = createQuery(() => priceApi.list());
  const channels = createQuery(() => channelApi.list());
  const catalog = createQuery(() => priceApi.catalog());

  const [tab, setTab] = createSignal(0);
  const [search, setSearch] = createSignal("");
  const [sort, setSort] = createSignal<SortKey>("name");
  const [unpricedOnly, setUnpricedOnly] = createSignal(false);
  const [adding, setAdding] = createSignal(false);
  const [busy, setBusy] = createSignal<string>();

  const tabChannels = createMemo(() => pricedChannels(prices.data() ?? [], channels.data() ?? []));
  const channel = () => tabChannels().find((c) => c.id === tab());
  const rows = createMemo(() => {
    const list = prices.data() ?? [];
    const c = channel();
    return c ? channelRows(list, c) : defaultRows(list);
  });
  const shown = createMemo(() => arrange([...rows()], { search: search(), sort: sort(), unpricedOnly: unpricedOnly() }));
  const unpriced = () => rows().filter((r) => r.source === "unpriced").length;

  async function save(name: string, channel_id: number, values: PriceValues) {
    try {
      await priceApi.update({ name, channel_id, ...values });
    } catch (e) {
      toast((e as Error).message, "danger");
      return false;
    }
    toast(t("saved", { model: name }));
    prices.refetch();
    return true;
  }
  async function reset(row: PriceRow) {
    setBusy(priceRowKey(row));
    try {
      await priceApi.remove(row.name, row.channel_id);
      toast(row.kind === "override" ? t("removed", { model: row.name }) : t("resetDone", { model: row.name }));
      prices.refetch();
    } catch (e) {
      toast((e as Error).message, "danger");
    } finally {
      setBusy(undefined);
    }
  }

  const sync = createAction(() => priceApi.syncCatalog());
  async function syncNow() {
    const result = await sync.run();
    if (!result) return toast(sync.error()?.message ?? "", "danger");
    if (result.ok) toast(t("syncDone", { count: integer(result.models, locale()) }));
    else toast(t("syncError", { reason: result.reason }), "danger");
    catalog.refetch();
    prices.refetch();
  }

  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <div class="stack">
        <Show when={catalog.data()} fallback={<Show when={!catalog.error()}><div class="catalog"><Loading rows={2} /></div></Show>}>
          <CatalogCard status={catalog.data()!} syncing={sync.pending()} onSync={syncNow} />
        </Show>
        <QueryView
          query={prices}
          loadingRows={8}
          empty={(list) => list.length === 0 && tabChannels().length === 0}
          emptyView={
            <Card>
              <EmptyState
                icon="prices"
                title={t("emptyTitle")}
                description={t("emptyText")}
                action={
                  <A href="/channels" class="btn btn-primary btn-sm">
                    <Icon name="plus" size={15} />
                    {t("emptyAction")}
                  </A>
                }
              />
            </Card>
          }
        >
          {() => (
            <>
              <Tabs
                label={t("tabs")}
                value={channel() ? tab() : 0}
                onChange={(id) => setTab(id)}
                tabs={[{ id: 0, label: t("defaults") }, ...tabChannels().map((c) => ({ id: c.id, label: c.name }))]}
              />
              <div class="price-toolbar">
                <TextField class="price-search" label={<span class="sr-only">{t("search")}</span>} type="search" placeholder={t("search")} value={search()} onValue={setSearch} />
                <SelectField<SortKey>
                  class="price-sort"
                  label={<span class="sr-only">{t("sort")}</span>}
                  value={sort()}
                  options={[
                    { value: "name", label: `${t("sort")}: ${t("sortName")}` },
                    { value: "input", label: `${t("sort")}: ${t("sortInput")}` },
                    { value: "output", label: `${t("sort")}: ${t("sortOutput")}` },
                  ]}
                  onValue={setSort}
                />
                <Switch label={`${t("unpricedOnly")} (${unpriced()})`} checked={unpricedOnly()} onChange={setUnpricedOnly} />
                <span class="grow" />
                <Show when={channel()}>
                  <Button icon="plus" size="sm" onClick={() => setAdding(true)}>
                    {t("addOverride")}
                  </Button>
                </Show>
              </div>
              <Card flush>
                <Show
                  when={shown().length}
                  fallback={<p class="muted small price-none">{rows().length ? t("noMatch") : t("channelEmpty")}</p>}
                >
                  <PriceTable rows={shown()} busy={busy()} onSave={(row, values) => save(row.name, row.channel_id, values)} onReset={reset} />
                </Show>
              </Card>
              <p class="faint xs">{t("perMillion")}</p>
              <Show when={channel()}>
                <AddOverrideDialog open={adding()} channel={channel()!} rows={rows()} onSave={(name, values) => save(name, channel()!.id, values)} onClose={() => setAdding(false)} />
              </Show>
            </>
          )}
        </QueryView>
      </div>
    </>
  );
}
