import { A } from "@solidjs/router";
import { createMemo, createSignal, Show } from "solid-js";
import { channelApi } from "../api/channels";
import { groupApi } from "../api/groups";
import { createQuery } from "../api/query";
import { settingApi } from "../api/settings";
import type { Group } from "../api/types";
import { Button } from "../components/Button";
import { Card, PageHeader } from "../components/Card";
import { DeleteDialog } from "../components/DeleteDialog";
import { GroupDrawer } from "../components/groups/GroupDrawer";
import { GroupList } from "../components/groups/GroupList";
import { t } from "../components/groups/messages";
import { SnippetDialog } from "../components/groups/SnippetDialog";
import { EmptyState, QueryView } from "../components/States";
import "../components/groups/groups.css";

export default function Groups() {
  const groups = createQuery(groupApi.list);
  const channels = createQuery(channelApi.list);
  const health = createQuery(groupApi.health, { refreshMs: 10_000 });
  const settings = createQuery(settingApi.list);
  const healthById = createMemo(() => new Map((health.data() ?? []).map((h) => [h.group_id, h])));
  const noChannels = () => channels.data()?.length === 0;

  /** undefined: closed; null: a new group; a group: editing it. */
  const [editing, setEditing] = createSignal<Group | null>();
  const [using, setUsing] = createSignal<Group>();
  const [deleting, setDeleting] = createSignal<Group>();

  const addButton = () => (
    <Button variant="primary" icon="plus" disabled={!channels.data() || noChannels()} onClick={() => setEditing(null)}>
      {t("add")}
    </Button>
  );

  return (
    <>
      <PageHeader title={t("title")} description={t("description")} actions={addButton()} />
      <Card flush>
        <QueryView
          query={groups}
          loadingRows={5}
          empty={(list) => list.length === 0}
          emptyView={
            <Show
              when={!noChannels()}
              fallback={
                <EmptyState
                  icon="channels"
                  title={t("noChannelsTitle")}
                  description={t("noChannelsText")}
                  action={
                    <A class="btn btn-primary btn-md" href="/channels">
                      {t("goChannels")}
                    </A>
                  }
                />
              }
            >
              <EmptyState icon="groups" title={t("emptyTitle")} description={t("emptyText")} action={addButton()} />
            </Show>
          }
        >
          {(list) => <GroupList groups={list} channels={channels.data() ?? []} health={healthById()} onEdit={setEditing} onUse={setUsing} onDelete={setDeleting} />}
        </QueryView>
      </Card>

      <Show when={editing() !== undefined && channels.data()}>
        <GroupDrawer
          group={editing() ?? undefined}
          channels={channels.data()!}
          settings={settings.data() ?? []}
          onClose={() => setEditing(undefined)}
          onSaved={() => {
            setEditing(undefined);
            groups.refetch();
            health.refetch();
          }}
        />
      </Show>
      <Show when={using()}>{(g) => <SnippetDialog group={g()} onClose={() => setUsing(undefined)} />}</Show>
      <DeleteDialog
        target={deleting()}
        title={t("deleteTitle")}
        message={(g) => t("deleteText", { name: g.name })}
        done={(g) => t("deleted", { name: g.name })}
        remove={(g) => groupApi.remove(g.id)}
        onClose={() => setDeleting(undefined)}
        onDeleted={() => {
          groups.refetch();
          health.refetch();
        }}
      />
    </>
  );
}
