/** A failed action's message inside a form or dialog (the server's words, or "cannot be reached"). */
import { Show } from "solid-js";
import type { ApiError } from "../api/client";
import { t } from "../i18n";
import { Icon } from "./Icon";
import "./InlineError.css";

export function InlineError(props: { error: ApiError | undefined }) {
  return (
    <Show when={props.error}>
      {(e) => (
        <p class="inline-error" role="alert">
          <Icon name="alert" size={15} />
          <span>{e().offline ? t("error.network") : e().message}</span>
        </p>
      )}
    </Show>
  );
}
