import { A } from "@solidjs/router";
import { For } from "solid-js";
import { clientSnippet } from "../../lib/client-snippet";
import { Card } from "../Card";
import { Icon } from "../Icon";
import { Snippet } from "../Snippet";
import { t } from "./messages";

/** A fresh install's first screen: what to set up, in order, each step ticked once done. */
export function GettingStarted(props: { channels: number; groups: number; keys: number }) {
  const steps = () => [
    { href: "/channels", title: t("step1"), text: t("step1Text"), done: props.channels > 0 },
    { href: "/groups", title: t("step2"), text: t("step2Text"), done: props.groups > 0 },
    { href: "/api-keys", title: t("step3"), text: t("step3Text"), done: props.keys > 0 },
  ];
  const snippet = () => clientSnippet("sk-octopus-…");
  return (
    <Card class="getting-started">
      <div class="stack">
        <div>
          <h2 class="getting-started-title">{t("startTitle")}</h2>
          <p class="muted">{t("startText")}</p>
        </div>
        <ol class="steps">
          <For each={steps()}>
            {(step, i) => (
              <li>
                <A href={step.href} class="step step-link" classList={{ done: step.done }}>
                  <span class="step-mark" aria-hidden="true">
                    {step.done ? <Icon name="check" size={14} /> : i() + 1}
                  </span>
                  <div class="grow">
                    <span class="step-title">{step.title}</span>
                    {step.done && <span class="sr-only"> ({t("done")})</span>}
                    <p class="muted small">{step.text}</p>
                  </div>
                  <Icon name="chevronRight" size={16} class="faint" />
                </A>
              </li>
            )}
          </For>
          <li class="step">
            <span class="step-mark" aria-hidden="true">
              4
            </span>
            <div class="grow stack-sm">
              <span class="step-title">{t("step4")}</span>
              <p class="muted small">{t("step4Text")}</p>
              <Snippet text={snippet()} label={t("step4")} />
            </div>
          </li>
        </ol>
      </div>
    </Card>
  );
}
