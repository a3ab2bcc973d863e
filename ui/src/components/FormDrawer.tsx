/**
 * A create/edit form in a side drawer: the fields, the save error, and a footer with cancel and
 * save. On a save with problems it says so and moves focus to the first field to fix.
 */
import { createUniqueId, Show, type JSX } from "solid-js";
import type { ApiError } from "../api/client";
import { t } from "../i18n";
import { Button } from "./Button";
import { Dialog } from "./Dialog";
import { Icon } from "./Icon";
import { InlineError } from "./InlineError";

interface FormDrawerProps {
  title: string;
  /** Create (true) or save (false). */
  creating: boolean;
  /** Shown in the footer after a save attempt found problems. */
  problems: string | false;
  busy: boolean;
  error: ApiError | undefined;
  class?: string;
  onSubmit: () => void;
  onClose: () => void;
  children: JSX.Element;
}

export function FormDrawer(props: FormDrawerProps) {
  const id = createUniqueId();
  let formRef!: HTMLFormElement;
  function submit(e: Event) {
    e.preventDefault();
    props.onSubmit();
    // Once the errors have rendered: the first field to fix.
    queueMicrotask(() => formRef.querySelector<HTMLElement>("[aria-invalid=true]")?.focus());
  }
  return (
    <Dialog
      open
      kind="drawer"
      wide
      title={props.title}
      onClose={props.onClose}
      footer={
        <>
          <Show when={props.problems}>
            <p class="form-footer-note" role="alert">
              <Icon name="alert" size={15} />
              {props.problems}
            </p>
          </Show>
          <Button onClick={() => props.onClose()}>{t("action.cancel")}</Button>
          <Button type="submit" form={id} variant="primary" busy={props.busy}>
            {props.creating ? t("action.create") : t("action.save")}
          </Button>
        </>
      }
    >
      <form ref={formRef} id={id} class={`drawer-form ${props.class ?? ""}`} onSubmit={submit} novalidate>
        {props.children}
        <InlineError error={props.error} />
      </form>
    </Dialog>
  );
}
