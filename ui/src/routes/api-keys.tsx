import { createMemo, createSignal, Show } from "solid-js";
import { apiKeyApi } from "../api/api-keys";
import { groupApi } from "../api/groups";
import { createAction, createQuery } from "../api/query";
import { statsApi } from "../api/stats";
import type { ApiKey, CreatedApiKey } from "../api/types";
import { CreatedDialog } from "../components/api-keys/CreatedDialog";
import { KeyDialog } from "../components/api-keys/KeyDialog";
import { KeyTable } from "../components/api-keys/KeyTable";
import { t } from "../components/api-keys/messages";
import { Button } from "../components/Button";
import { Card, PageHeader } from "../components/Card";
import { ConfirmDialog } from "../components/Dialog";
import { EmptyState, QueryView } from "../components/States";
import { toast } from "../components/Toast";
import "../components/api-keys/api-keys.css";

export default function ApiKeys() {
  const keys = createQuery(apiKeyApi.list);
  const groups = createQuery(groupApi.list);
  const spend = createQuery(() => statsApi.list("apikey"));
  const [editing, setEditing] = createSignal<ApiKey | "new">();
  const editingKey = createMemo(() => {
    const value = editing();
    return value === "new" ? undefined : value;
  });
  const [deleting, setDeleting] = createSignal<ApiKey>();
  const [secret, setSecret] = createSignal<string>();

  const spentOf = (id: number) => spend.data()?.find((r) => r.key === String(id))?.cost ?? 0;
  const replace = (key: ApiKey) => keys.set((keys.data() ?? []).map((k) => (k.id === key.id ? key : k)));

  function saved(key: ApiKey | CreatedApiKey) {
    const created = "key" in key;
    if (created) {
      const { key: full, ...row } = key;
      keys.set([...(keys.data() ?? []), row]);
      setSecret(full);
      toast(t("created", { name: row.name }));
    } else {
      replace(key);
      toast(t("saved", { name: key.name }));
    }
    setEditing(undefined);
  }

  const toggle = createAction(async (key: ApiKey, enabled: boolean) => {
    const updated = await apiKeyApi.update(key.id, { enabled });
    replace(updated);
    toast(t(enabled ? "enabledToast" : "disabledToast", { name: key.name }));
  });
  async function onToggle(key: ApiKey, enabled: boolean) {
    await toggle.run(key, enabled);
    if (toggle.error()) {
      toast(toggle.error()!.message, "danger");
      keys.refetch();
    }
  }

  const remove = createAction(async (key: ApiKey) => {
    await apiKeyApi.remove(key.id);
    keys.set((keys.data() ?? []).filter((k) => k.id !== key.id));
    toast(t("deleted", { name: key.name }));
    setDeleting(undefined);
  });

  const createButton = () => (
    <Button variant="primary" icon="plus" onClick={() => setEditing("new")}>
      {t("create")}
    </Button>
  );

  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={createButton()}
      />
      <Card flush>
        <QueryView
          query={keys}
          empty={(list) => list.length === 0}
          emptyView={
            <EmptyState
              icon="key"
              title={t("emptyTitle")}
              description={t("emptyText")}
              action={createButton()}
            />
          }
        >
          {(list) => <KeyTable keys={list} spentOf={spentOf} onToggle={onToggle} onEdit={setEditing} onDelete={setDeleting} />}
        </QueryView>
      </Card>
      <KeyDialog
        open={editing() !== undefined}
        editing={editingKey()}
        groups={groups.data() ?? []}
        onClose={() => setEditing(undefined)}
        onSaved={saved}
      />
      <CreatedDialog secret={secret()} onClose={() => setSecret(undefined)} />
      <Show when={deleting()}>
        <ConfirmDialog
          open
          title={t("revokeTitle")}
          message={t("revokeMessage", { name: deleting()!.name })}
          confirmLabel={t("revoke")}
          busy={remove.pending()}
          onConfirm={async () => {
            await remove.run(deleting()!);
            if (remove.error()) toast(remove.error()!.message, "danger");
          }}
          onClose={() => setDeleting(undefined)}
        />
      </Show>
    </>
  );
}
