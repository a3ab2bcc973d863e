import type { JSX } from "solid-js";
import "./Stat.css";

/** One headline number with its label and a line of context. */
export function Stat(props: { label: string; value: JSX.Element; sub?: JSX.Element; tone?: "ok" | "warn" | "danger" }) {
  return (
    <div class="stat">
      <p class="stat-label">{props.label}</p>
      <p class={`stat-value num ${props.tone ? `tone-${props.tone}` : ""}`}>{props.value}</p>
      {props.sub && <p class="stat-sub">{props.sub}</p>}
    </div>
  );
}
