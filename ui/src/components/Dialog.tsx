/**
 * Modal dialogs and side drawers on the native <dialog> element: focus is trapped and restored by
 * the browser, Escape closes, the page behind is inert.
 */
import { createEffect, onCleanup, Show, type JSX } from "solid-js";
import { t } from "../i18n";
import { Button, IconButton } from "./Button";
import "./Dialog.css";

interface DialogProps {
  open: boolean;
  onClose: () => void;
  title: string;
  children: JSX.Element;
  footer?: JSX.Element;
  /** "drawer" slides in from the right (full screen on phones); "dialog" is centred. */
  kind?: "dialog" | "drawer";
  wide?: boolean;
}

export function Dialog(props: DialogProps) {
  let ref!: HTMLDialogElement;
  createEffect(() => {
    if (props.open && !ref.open) ref.showModal();
    else if (!props.open && ref.open) ref.close();
  });
  onCleanup(() => ref?.open && ref.close());
  return (
    <dialog
      ref={ref}
      class={`dialog dialog-${props.kind ?? "dialog"} ${props.wide ? "dialog-wide" : ""}`}
      aria-label={props.title}
      onCancel={(e) => {
        e.preventDefault();
        props.onClose();
      }}
      onClick={(e) => e.target === ref && props.onClose()}
    >
      <Show when={props.open}>
        <div class="dialog-panel">
          <header class="dialog-header">
            <h2 class="dialog-title">{props.title}</h2>
            <IconButton icon="close" label={t("action.close")} onClick={() => props.onClose()} />
          </header>
          <div class="dialog-body">{props.children}</div>
          {props.footer && <footer class="dialog-footer">{props.footer}</footer>}
        </div>
      </Show>
    </dialog>
  );
}

/** "Delete X?" with a cancel and a red confirm. */
export function ConfirmDialog(props: { open: boolean; title?: string; message: JSX.Element; confirmLabel?: string; busy?: boolean; onConfirm: () => void; onClose: () => void }) {
  return (
    <Dialog
      open={props.open}
      onClose={props.onClose}
      title={props.title ?? t("confirm.title")}
      footer={
        <>
          <Button onClick={() => props.onClose()}>{t("action.cancel")}</Button>
          <Button variant="danger" busy={props.busy} onClick={() => props.onConfirm()}>
            {props.confirmLabel ?? t("action.delete")}
          </Button>
        </>
      }
    >
      <p>{props.message}</p>
    </Dialog>
  );
}
