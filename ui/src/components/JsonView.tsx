import { createMemo, Show } from "solid-js";
import { t } from "../i18n";
import { bytes } from "../lib/format";
import { prettyJson } from "../lib/json";
import { CopyButton } from "./CopyButton";
import "./JsonView.css";

/** A block of captured text with its title, size and a copy button (copies what is shown). */
export function JsonView(props: { title: string; text: string }) {
  const shown = createMemo(() => prettyJson(props.text));
  return (
    <figure class="json-view">
      <figcaption class="json-view-head">
        <span class="json-view-title">{props.title}</span>
        <span class="faint xs">
          {bytes(new TextEncoder().encode(props.text).length)}
          <Show when={!shown().json}> · {t("json.raw")}</Show>
        </span>
        <span class="grow" />
        <CopyButton text={shown().text} variant="ghost" />
      </figcaption>
      <pre class="json-view-body" tabIndex={0}>
        {shown().text}
      </pre>
    </figure>
  );
}
