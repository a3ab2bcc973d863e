import { Badge, type Tone } from "../Badge";

const tone = (status: number): Tone => (status >= 200 && status < 300 ? "ok" : status >= 400 && status < 500 ? "warn" : "danger");

/** An HTTP status as a coloured badge: green 2xx, amber 4xx, red for the rest. */
export function StatusBadge(props: { status: number; title?: string }) {
  return (
    <Badge tone={tone(props.status)} dot title={props.title}>
      <span class="num">{props.status || "—"}</span>
    </Badge>
  );
}
