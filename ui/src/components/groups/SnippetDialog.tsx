/** How to call a group from the usual clients, with this server's address, ready to copy. */
import { createSignal } from "solid-js";
import type { Group } from "../../api/types";
import { CopyButton } from "../CopyButton";
import { Dialog } from "../Dialog";
import { Tabs } from "../Tabs";
import { clientSnippets } from "./form";
import { t } from "./messages";

type Client = "openai" | "claude" | "codex";

export function SnippetDialog(props: { group: Group; onClose: () => void }) {
  const [client, setClient] = createSignal<Client>("openai");
  const snippets = () => clientSnippets(location.origin, props.group.name);
  const where = { openai: "snippetOpenaiWhere", claude: "snippetClaudeWhere", codex: "snippetCodexWhere" } as const;
  return (
    <Dialog open wide title={t("snippetTitle", { name: props.group.name })} onClose={props.onClose}>
      <div class="stack">
        <p class="muted small">{t("snippetText", { name: props.group.name })}</p>
        <Tabs
          label={t("snippetClients")}
          value={client()}
          onChange={setClient}
          tabs={[
            { id: "openai", label: t("snippetOpenai") },
            { id: "claude", label: t("snippetClaude") },
            { id: "codex", label: t("snippetCodex") },
          ]}
        />
        <div class="snippet" role="tabpanel" aria-label={t(client() === "openai" ? "snippetOpenai" : client() === "claude" ? "snippetClaude" : "snippetCodex")}>
          <div class="snippet-head">
            <p class="faint xs grow">{t(where[client()])}</p>
            <CopyButton text={snippets()[client()]} />
          </div>
          <pre class="snippet-code" tabIndex={0}>
            <code>{snippets()[client()]}</code>
          </pre>
        </div>
      </div>
    </Dialog>
  );
}
