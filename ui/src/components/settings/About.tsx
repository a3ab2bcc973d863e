import { Match, Switch } from "solid-js";
import { createQuery } from "../../api/query";
import { systemApi } from "../../api/system";
import { locale } from "../../i18n";
import { baseUrl } from "../../lib/client-snippet";
import { dateTime, relative } from "../../lib/format";
import { Badge } from "../Badge";
import { Card } from "../Card";
import { CopyButton } from "../CopyButton";
import { QueryView } from "../States";
import { t } from "./messages";

const DATABASE = { sqlite: "SQLite", mysql: "MySQL / MariaDB", postgres: "PostgreSQL" } as const;

const COULD_NOT_CHECK = /^could not check: /;

/** Whether a newer release exists; the server asks GitHub at most hourly, so opening the page is cheap. */
function Updates() {
  const update = createQuery(systemApi.update);
  return (
    <Switch fallback={<span class="muted">{t("checking")}</span>}>
      <Match when={update.error()}>
        {(e) => (
          <span class="muted" title={e().message}>
            {t("couldNotCheck")}
          </span>
        )}
      </Match>
      <Match when={update.data()?.error}>
        {(reason) => (
          <span class="stack about-update">
            <span class="muted">{t("couldNotCheck")}</span>
            <span class="small muted">{reason().replace(COULD_NOT_CHECK, "")}</span>
          </span>
        )}
      </Match>
      <Match when={update.data()?.update_available && update.data()?.latest}>
        {(latest) => (
          <span class="row about-update">
            <Badge tone="accent">{t("updateAvailable", { version: latest().version })}</Badge>
            <a href={latest().url} target="_blank" rel="noreferrer noopener">
              {t("releaseNotes")} ↗
            </a>
          </span>
        )}
      </Match>
      <Match when={update.data()?.latest}>
        {(latest) => (
          <Badge tone="ok" dot title={t("upToDateTitle", { version: latest().version, when: relative(update.data()!.checked_at!, locale()) })}>
            {t("upToDate")}
          </Badge>
        )}
      </Match>
    </Switch>
  );
}

/** What is running, and where clients and scripts reach it. */
export function About() {
  const info = createQuery(systemApi.info);
  return (
    <section class="settings-section" aria-labelledby="about-title">
      <header class="settings-section-head">
        <h2 id="about-title">{t("about")}</h2>
      </header>
      <Card>
        <QueryView query={info} loadingRows={3}>
          {(i) => (
            <dl class="about-list">
              <div>
                <dt>{t("version")}</dt>
                <dd class="mono">{i.version}</dd>
              </div>
              <div>
                <dt>{t("build")}</dt>
                <dd class="mono small" title={i.built_at ? dateTime(Date.parse(i.built_at), locale()) : undefined}>
                  {i.commit ? `${i.commit} · ${i.platform}` : `${t("fromSource")} · ${i.platform}`}
                </dd>
              </div>
              <div>
                <dt>{t("updates")}</dt>
                <dd>
                  <Updates />
                </dd>
              </div>
              <div>
                <dt>{t("database")}</dt>
                <dd>{DATABASE[i.database] ?? i.database}</dd>
              </div>
              <div>
                <dt>{t("uptime")}</dt>
                <dd title={dateTime(i.started_at, locale())}>{t("startedAt", { when: relative(i.started_at, locale()) })}</dd>
              </div>
              <div>
                <dt>{t("baseUrl")}</dt>
                <dd class="row">
                  <code class="ellipsis grow">{baseUrl()}</code>
                  <CopyButton text={baseUrl()} />
                </dd>
              </div>
              <div>
                <dt>{t("adminApi")}</dt>
                <dd>
                  <code>{location.origin}/api/v1</code>
                </dd>
              </div>
              <div>
                <dt>{t("catalog")}</dt>
                <dd>
                  <a href="https://models.dev" target="_blank" rel="noreferrer noopener">
                    models.dev ↗
                  </a>
                </dd>
              </div>
            </dl>
          )}
        </QueryView>
      </Card>
    </section>
  );
}
