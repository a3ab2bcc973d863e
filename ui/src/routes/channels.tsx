import { createMemo, createSignal, Show } from "solid-js";
import { channelApi } from "../api/channels";
import { groupApi } from "../api/groups";
import { createAction, createQuery } from "../api/query";
import { statsApi } from "../api/stats";
import type { Channel } from "../api/types";
import { Button } from "../components/Button";
import { Card, PageHeader } from "../components/Card";
import { ChannelDrawer } from "../components/channels/ChannelDrawer";
import { ChannelList } from "../components/channels/ChannelList";
import { t } from "../components/channels/messages";
import { TestDialog } from "../components/channels/TestDialog";
import { DeleteDialog } from "../components/DeleteDialog";
import { EmptyState, QueryView } from "../components/States";
import { toast } from "../components/Toast";
import "../components/channels/channels.css";

export default function Channels() {
  const channels = createQuery(channelApi.list);
  const types = createQuery(channelApi.types);
  const health = createQuery(channelApi.health, { refreshMs: 10_000 });
  const usage = createQuery(() => statsApi.list("channel"), { refreshMs: 30_000 });
  const groups = createQuery(groupApi.list);

  const healthById = createMemo(() => new Map((health.data() ?? []).map((h) => [h.channel_id, h])));
  const usageById = createMemo(() => new Map((usage.data() ?? []).map((s) => [Number(s.key), s])));

  /** undefined: closed; null: a new channel; a channel: editing it. */
  const [editing, setEditing] = createSignal<Channel | null>();
  const [testing, setTesting] = createSignal<Channel>();
  const [deleting, setDeleting] = createSignal<Channel>();

  const refreshAll = () => {
    channels.refetch();
    health.refetch();
    groups.refetch();
  };

  const toggle = createAction((c: Channel, enabled: boolean) => channelApi.update(c.id, { enabled }));
  async function setEnabled(c: Channel, enabled: boolean) {
    const saved = await toggle.run(c, enabled);
    if (!saved) {
      toast(toggle.error()!.message, "danger");
      channels.refetch();
      return;
    }
    channels.set((channels.data() ?? []).map((x) => (x.id === saved.id ? saved : x)));
    health.refetch();
    toast(t(enabled ? "enabledToast" : "disabledToast", { name: saved.name }));
  }

  const usedBy = (c: Channel) => (groups.data() ?? []).filter((g) => g.items.some((i) => i.channel_id === c.id)).map((g) => g.name);

  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          <Button variant="primary" icon="plus" disabled={!types.data()} onClick={() => setEditing(null)}>
            {t("add")}
          </Button>
        }
      />
      <Card flush>
        <QueryView
          query={channels}
          loadingRows={6}
          empty={(list) => list.length === 0}
          emptyView={
            <EmptyState
              icon="channels"
              title={t("emptyTitle")}
              description={t("emptyText")}
              action={
                <Button variant="primary" icon="plus" disabled={!types.data()} onClick={() => setEditing(null)}>
                  {t("add")}
                </Button>
              }
            />
          }
        >
          {(list) => (
            <ChannelList
              channels={list}
              types={types.data() ?? []}
              health={healthById()}
              usage={usageById()}
              onEdit={setEditing}
              onTest={setTesting}
              onDelete={setDeleting}
              onToggle={setEnabled}
            />
          )}
        </QueryView>
      </Card>

      <Show when={editing() !== undefined && types.data()}>
        <ChannelDrawer
          channel={editing() ?? undefined}
          types={types.data()!}
          onClose={() => setEditing(undefined)}
          onSaved={() => {
            setEditing(undefined);
            refreshAll();
          }}
        />
      </Show>
      <Show when={testing()}>{(c) => <TestDialog channel={c()} onClose={() => setTesting(undefined)} />}</Show>
      <DeleteDialog
        target={deleting()}
        title={t("deleteTitle")}
        message={(c) => (
          <>
            {t("deleteText", { name: c.name })} {usedBy(c).length ? t("deleteGroups", { groups: usedBy(c).join(", ") }) : t("deleteNoGroups")}
          </>
        )}
        done={(c) => t("deleted", { name: c.name })}
        remove={(c) => channelApi.remove(c.id)}
        onClose={() => setDeleting(undefined)}
        onDeleted={refreshAll}
      />
    </>
  );
}
