/** A row's title that opens it: looks like text, acts as a button. */
import type { JSX } from "solid-js";
import "./LinkButton.css";

export function LinkButton(props: { onClick: () => void; children: JSX.Element; class?: string }) {
  return (
    <button type="button" class={`link-button ellipsis ${props.class ?? ""}`} onClick={() => props.onClick()}>
      {props.children}
    </button>
  );
}
