import { createUniqueId, type JSX } from "solid-js";
import "./Stat.css";

/** One headline number with its label and a line of context; the label names the group. */
export function Stat(props: { label: string; value: JSX.Element; sub?: JSX.Element; tone?: "ok" | "warn" | "danger" }) {
  const id = createUniqueId();
  return (
    <div class="stat" role="group" aria-labelledby={id}>
      <p class="stat-label" id={id}>
        {props.label}
      </p>
      <p class={`stat-value num ${props.tone ? `tone-${props.tone}` : ""}`}>{props.value}</p>
      {props.sub && <p class="stat-sub">{props.sub}</p>}
    </div>
  );
}
