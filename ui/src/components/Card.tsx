import type { JSX } from "solid-js";
import "./Card.css";

export function Card(props: { title?: JSX.Element; actions?: JSX.Element; children: JSX.Element; class?: string; flush?: boolean }) {
  return (
    <section class={`card ${props.flush ? "card-flush" : ""} ${props.class ?? ""}`}>
      {(props.title || props.actions) && (
        <header class="card-header">
          {props.title && <h2 class="card-title">{props.title}</h2>}
          {props.actions && <div class="row">{props.actions}</div>}
        </header>
      )}
      <div class="card-body">{props.children}</div>
    </section>
  );
}

/** The title row of a page: heading, a line of explanation, and the page's main actions. */
export function PageHeader(props: { title: string; description?: JSX.Element; actions?: JSX.Element }) {
  return (
    <header class="page-header">
      <div class="grow">
        <h1>{props.title}</h1>
        {props.description && <p class="muted page-description">{props.description}</p>}
      </div>
      {props.actions && <div class="row page-actions">{props.actions}</div>}
    </header>
  );
}
