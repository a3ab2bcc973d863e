import { createQuery } from "../../api/query";
import { systemApi } from "../../api/system";
import { locale } from "../../i18n";
import { baseUrl } from "../../lib/client-snippet";
import { dateTime, relative } from "../../lib/format";
import { Card } from "../Card";
import { CopyButton } from "../CopyButton";
import { QueryView } from "../States";
import { t } from "./messages";

const DATABASE = { sqlite: "SQLite", mysql: "MySQL / MariaDB", postgres: "PostgreSQL" } as const;

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
