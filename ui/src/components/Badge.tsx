import type { JSX } from "solid-js";
import "./Badge.css";

export type Tone = "neutral" | "ok" | "warn" | "danger" | "info" | "accent";

export function Badge(props: { tone?: Tone; children: JSX.Element; dot?: boolean; title?: string }) {
  return (
    <span class={`badge badge-${props.tone ?? "neutral"}`} title={props.title}>
      {props.dot && <span class="badge-dot" aria-hidden="true" />}
      {props.children}
    </span>
  );
}

/** A coloured dot with a text alternative, for dense lists. */
export function StatusDot(props: { tone: Tone; label: string }) {
  return <span class={`status-dot badge-${props.tone}`} role="img" aria-label={props.label} title={props.label} />;
}
