/** Confirms deleting a record, deletes it, and says so (or why it could not). */
import { Show, type JSX } from "solid-js";
import { createAction } from "../api/query";
import { ConfirmDialog } from "./Dialog";
import { toast } from "./Toast";

export function DeleteDialog<T>(props: {
  target: T | undefined;
  title: string;
  message: (target: T) => JSX.Element;
  done: (target: T) => string;
  remove: (target: T) => Promise<unknown>;
  onClose: () => void;
  onDeleted: () => void;
}) {
  const remove = createAction((target: T) => props.remove(target));
  async function confirm() {
    const target = props.target!;
    if ((await remove.run(target)) === undefined) return toast(remove.error()!.message, "danger");
    toast(props.done(target));
    props.onClose();
    props.onDeleted();
  }
  return (
    <ConfirmDialog
      open={props.target !== undefined}
      title={props.title}
      busy={remove.pending()}
      onClose={props.onClose}
      onConfirm={confirm}
      message={<Show when={props.target}>{(target) => props.message(target())}</Show>}
    />
  );
}
