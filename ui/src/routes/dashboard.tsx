import { Show } from "solid-js";
import { apiKeyApi } from "../api/api-keys";
import { channelApi } from "../api/channels";
import { groupApi } from "../api/groups";
import { createQuery } from "../api/query";
import { statsApi } from "../api/stats";
import { PageHeader } from "../components/Card";
import { Activity } from "../components/dashboard/Activity";
import { ChannelHealth } from "../components/dashboard/ChannelHealth";
import { today, top } from "../components/dashboard/data";
import { GettingStarted } from "../components/dashboard/GettingStarted";
import { t } from "../components/dashboard/messages";
import { TopList } from "../components/dashboard/TopList";
import { Totals } from "../components/dashboard/Totals";
import { Traffic } from "../components/dashboard/Traffic";
import { ErrorState, Loading } from "../components/States";
import "../components/dashboard/dashboard.css";

export default function Dashboard() {
  const total = createQuery(statsApi.total);
  const daily = createQuery(() => statsApi.list("daily"));
  const hourly = createQuery(() => statsApi.list("hourly"));
  const byChannel = createQuery(() => statsApi.list("channel"));
  const byModel = createQuery(() => statsApi.list("model"));
  const byKey = createQuery(() => statsApi.list("apikey"));
  const channels = createQuery(channelApi.list);
  const groups = createQuery(groupApi.list);
  const keys = createQuery(apiKeyApi.list);
  const health = createQuery(channelApi.health, { refreshMs: 10_000 });

  const core = [total, daily, hourly];
  const failed = () => core.find((q) => q.error());
  const ready = () => core.every((q) => q.data() !== undefined);
  const fresh = () => total.data()?.requests === 0;
  const nameOf = (list: { id: number; name: string }[] | undefined) => (key: string) => list?.find((x) => String(x.id) === key)?.name ?? `#${key} (${t("deleted")})`;
  const retry = () => core.forEach((q) => q.refetch());

  return (
    <div class="dashboard">
      <PageHeader title={t("title")} description={t("description")} />
      <Show when={!failed()} fallback={<ErrorState error={failed()!.error()!} onRetry={retry} />}>
        <Show when={ready()} fallback={<Loading rows={6} />}>
          <Show when={fresh() && channels.data() && groups.data() && keys.data()}>
            <GettingStarted channels={channels.data()!.length} groups={groups.data()!.length} keys={keys.data()!.length} />
          </Show>
          <Totals today={today(daily.data()!)} total={total.data()!} />
          <Show when={!fresh()}>
            <Traffic daily={daily.data()!} hourly={hourly.data()!} />
            <Activity daily={daily.data()!} />
            <div class="grid-3">
              <TopList title={t("topChannels")} rows={top(byChannel.data() ?? [], 5, (key) => (key === "0" ? t("noChannel") : nameOf(channels.data())(key)))} />
              <TopList title={t("topModels")} rows={top(byModel.data() ?? [], 5, (name) => name)} />
              <TopList title={t("topKeys")} rows={top(byKey.data() ?? [], 5, nameOf(keys.data()))} />
            </div>
          </Show>
        </Show>
      </Show>
      <Show when={health.data()?.length}>
        <ChannelHealth health={health.data()!} />
      </Show>
    </div>
  );
}
