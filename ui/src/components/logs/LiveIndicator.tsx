import { t } from "./messages";

/** "Live" with a pulsing dot while the stream is open; "Reconnecting…" while it is not. */
export function LiveIndicator(props: { connected: boolean }) {
  return (
    <span class={`live ${props.connected ? "live-on" : "live-off"}`} role="status" title={props.connected ? t("liveOnHint") : t("liveOffHint")}>
      <span class="live-dot" aria-hidden="true" />
      {props.connected ? t("liveOn") : t("liveOff")}
    </span>
  );
}
