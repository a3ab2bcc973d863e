import { clientSnippet } from "../../lib/client-snippet";
import { Button } from "../Button";
import { CopyButton } from "../CopyButton";
import { Dialog } from "../Dialog";
import { Icon } from "../Icon";
import { Snippet } from "../Snippet";
import { t } from "./messages";

/** The full key, this once, with a copy button and the two lines a client needs. */
export function CreatedDialog(props: { secret?: string; onClose: () => void }) {
  return (
    <Dialog
      open={props.secret !== undefined}
      onClose={props.onClose}
      title={t("createdTitle")}
      wide
      footer={
        <Button variant="primary" onClick={() => props.onClose()}>
          {t("done")}
        </Button>
      }
    >
      <div class="stack">
        <p class="key-warning" role="alert">
          <Icon name="alert" size={18} />
          {t("createdWarning")}
        </p>
        <div class="secret-row">
          <code class="secret">{props.secret}</code>
          <CopyButton text={props.secret ?? ""} label={t("copyKey")} variant="primary" size="md" />
        </div>
        <div class="stack-tight">
          <p class="muted small">{t("snippetHint")}</p>
          <Snippet text={clientSnippet(props.secret ?? "")} label={t("snippet")} />
        </div>
      </div>
    </Dialog>
  );
}
