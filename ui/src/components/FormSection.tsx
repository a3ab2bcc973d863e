/** A titled part of a long form (a drawer's sections), with an optional hint and actions. */
import { Show, type JSX } from "solid-js";
import "./FormSection.css";

export function FormSection(props: { title: string; hint?: JSX.Element; actions?: JSX.Element; children: JSX.Element }) {
  return (
    <section class="form-section">
      <header class="form-section-head">
        <div class="grow">
          <h3>{props.title}</h3>
          <Show when={props.hint}>
            <p class="field-hint">{props.hint}</p>
          </Show>
        </div>
        {props.actions}
      </header>
      {props.children}
    </section>
  );
}
