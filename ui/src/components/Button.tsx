import { splitProps, type JSX } from "solid-js";
import { Icon, type IconName } from "./Icon";
import "./Button.css";

type Variant = "primary" | "secondary" | "ghost" | "danger";

export interface ButtonProps extends JSX.ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: Variant;
  size?: "sm" | "md";
  icon?: IconName;
  /** Shows a spinner and disables the button. */
  busy?: boolean;
}

export function Button(props: ButtonProps) {
  const [own, rest] = splitProps(props, ["variant", "size", "icon", "busy", "children", "class", "type", "disabled"]);
  return (
    <button
      {...rest}
      type={own.type ?? "button"}
      class={`btn btn-${own.variant ?? "secondary"} btn-${own.size ?? "md"} ${own.class ?? ""}`}
      disabled={own.disabled || own.busy}
      aria-busy={own.busy ? "true" : undefined}
    >
      {own.busy ? <span class="spinner" aria-hidden="true" /> : own.icon && <Icon name={own.icon} size={own.size === "sm" ? 15 : 17} />}
      {own.children}
    </button>
  );
}

/** A square button with an icon only; `label` is what screen readers and the tooltip say. */
export function IconButton(props: Omit<ButtonProps, "icon" | "children"> & { icon: IconName; label: string }) {
  const [own, rest] = splitProps(props, ["icon", "label", "class", "variant"]);
  return (
    <Button {...rest} variant={own.variant ?? "ghost"} class={`btn-icon ${own.class ?? ""}`} aria-label={own.label} title={own.label}>
      <Icon name={own.icon} size={props.size === "sm" ? 15 : 18} />
    </Button>
  );
}
