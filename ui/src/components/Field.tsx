/**
 * Labelled form controls. Every control has a visible label bound by id, an optional hint, and
 * an error that is announced (aria-invalid + aria-describedby).
 */
import { createUniqueId, splitProps, type JSX } from "solid-js";
import "./Field.css";

interface FieldProps {
  label: JSX.Element;
  hint?: JSX.Element;
  error?: string | false | null;
  class?: string;
}

function Field(props: FieldProps & { id: string; children: JSX.Element }) {
  return (
    <div class={`field ${props.class ?? ""}`}>
      <label class="field-label" for={props.id}>
        {props.label}
      </label>
      {props.children}
      {props.error ? (
        <p class="field-error" id={`${props.id}-msg`} role="alert">
          {props.error}
        </p>
      ) : (
        props.hint && (
          <p class="field-hint" id={`${props.id}-msg`}>
            {props.hint}
          </p>
        )
      )}
    </div>
  );
}

const described = (id: string, props: FieldProps) => (props.error || props.hint ? `${id}-msg` : undefined);

type TextProps = FieldProps & { id?: string; onValue?: (value: string) => void };

/** A text control's own attributes and the field around it: one labelled, described, checked shape for both. */
function textControl<P extends TextProps>(props: P) {
  const [own, others] = splitProps(props as TextProps, ["label", "hint", "error", "class", "onValue", "id"]);
  const rest = others as Omit<P, keyof TextProps>;
  const id = own.id ?? createUniqueId();
  const attrs = {
    id,
    "aria-invalid": own.error ? ("true" as const) : undefined,
    "aria-describedby": described(id, own),
    onInput: (e: { currentTarget: { value: string } }) => own.onValue?.(e.currentTarget.value),
  };
  return { own, rest, id, attrs };
}

export function TextField(props: TextProps & JSX.InputHTMLAttributes<HTMLInputElement>) {
  const { own, rest, id, attrs } = textControl(props);
  return (
    <Field {...own} id={id}>
      <input {...rest} {...attrs} class="input" />
    </Field>
  );
}

export function TextArea(props: TextProps & JSX.TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const { own, rest, id, attrs } = textControl(props);
  return (
    <Field {...own} id={id}>
      <textarea {...rest} {...attrs} class="input textarea" />
    </Field>
  );
}

export function SelectField<T extends string>(
  props: FieldProps & { value: T; options: { value: T; label: string }[]; onValue: (value: T) => void; disabled?: boolean; id?: string },
) {
  const id = props.id ?? createUniqueId();
  return (
    <Field {...props} id={id}>
      <select
        id={id}
        class="input select"
        value={props.value}
        disabled={props.disabled}
        aria-describedby={described(id, props)}
        onChange={(e) => props.onValue(e.currentTarget.value as T)}
      >
        {props.options.map((o) => (
          <option value={o.value}>{o.label}</option>
        ))}
      </select>
    </Field>
  );
}

/** An on/off switch: a checkbox with the switch's looks, its label beside it. */
export function Switch(props: { label: JSX.Element; checked: boolean; onChange: (checked: boolean) => void; disabled?: boolean; hint?: JSX.Element }) {
  const id = createUniqueId();
  return (
    <div class="switch-field">
      <input id={id} type="checkbox" role="switch" class="switch" checked={props.checked} disabled={props.disabled} onChange={(e) => props.onChange(e.currentTarget.checked)} />
      <label for={id} class="switch-label">
        {props.label}
        {props.hint && <span class="field-hint">{props.hint}</span>}
      </label>
    </div>
  );
}
