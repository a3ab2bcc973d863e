import { CopyButton } from "./CopyButton";
import "./Snippet.css";

/** Lines to paste into a shell or a config file, under a bar with their title and a copy button. */
export function Snippet(props: { text: string; label: string }) {
  return (
    <figure class="snippet">
      <figcaption class="snippet-bar">
        <span class="ellipsis">{props.label}</span>
        <CopyButton text={props.text} variant="ghost" />
      </figcaption>
      {/* Focusable: a long line scrolls sideways, and keyboard users must be able to scroll it too. */}
      <pre tabIndex={0}>{props.text}</pre>
    </figure>
  );
}
