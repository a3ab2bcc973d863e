import { useLocation } from "@solidjs/router";
import { createEffect, For } from "solid-js";
import { createQuery } from "../api/query";
import { settingApi } from "../api/settings";
import { Card, PageHeader } from "../components/Card";
import { About } from "../components/settings/About";
import { Account } from "../components/settings/Account";
import { t } from "../components/settings/messages";
import { SettingRow } from "../components/settings/SettingRow";
import { QueryView } from "../components/States";
import "../components/settings/settings.css";

export default function Settings() {
  const location = useLocation();
  const settings = createQuery(settingApi.list);
  // The default-password banner links to #account: bring it into view (also when already here).
  createEffect(() => {
    const hash = location.hash;
    if (hash) queueMicrotask(() => document.getElementById(hash.slice(1))?.scrollIntoView({ block: "start" }));
  });

  return (
    <div class="settings">
      <PageHeader title={t("title")} description={t("description")} />
      <Account />
      <section class="settings-section" aria-labelledby="runtime-title">
        <header class="settings-section-head">
          <h2 id="runtime-title">{t("runtime")}</h2>
          <p class="muted small">{t("runtimeText")}</p>
        </header>
        <Card flush>
          <QueryView query={settings} loadingRows={6}>
            {(list) => (
              <ul class="setting-list">
                <For each={list}>
                  {(setting) => <SettingRow setting={setting} onSaved={(value) => settings.set(list.map((s) => (s.key === setting.key ? { ...s, value } : s)))} />}
                </For>
              </ul>
            )}
          </QueryView>
        </Card>
      </section>
      <About />
    </div>
  );
}
