import { createSignal } from "solid-js";
import { t } from "../i18n";
import { Button } from "./Button";

/** Copies `text`; says "Copied" for a moment. Falls back to a hidden textarea where the Clipboard API is unavailable (plain HTTP on another host). */
export function CopyButton(props: { text: string; label?: string; size?: "sm" | "md"; variant?: "primary" | "secondary" | "ghost" }) {
  const [copied, setCopied] = createSignal(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(props.text);
    } catch {
      const area = document.createElement("textarea");
      area.value = props.text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.append(area);
      area.select();
      document.execCommand("copy");
      area.remove();
    }
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  }
  return (
    <Button size={props.size ?? "sm"} variant={props.variant ?? "secondary"} icon={copied() ? "check" : "copy"} onClick={copy}>
      <span aria-live="polite">{copied() ? t("action.copied") : (props.label ?? t("action.copy"))}</span>
    </Button>
  );
}
