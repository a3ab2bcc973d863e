import { For } from "solid-js";
import "./Tabs.css";

/** A row of tabs; arrow keys move between them (WAI-ARIA tabs pattern). */
export function Tabs<T extends string | number>(props: { tabs: { id: T; label: string }[]; value: T; onChange: (id: T) => void; label: string }) {
  const move = (e: KeyboardEvent, index: number) => {
    const step = e.key === "ArrowRight" ? 1 : e.key === "ArrowLeft" ? -1 : 0;
    if (!step) return;
    e.preventDefault();
    const next = props.tabs[(index + step + props.tabs.length) % props.tabs.length];
    props.onChange(next.id);
    ((e.currentTarget as HTMLElement).parentElement?.children[props.tabs.indexOf(next)] as HTMLElement | undefined)?.focus();
  };
  return (
    <div class="tabs" role="tablist" aria-label={props.label}>
      <For each={props.tabs}>
        {(tab, i) => (
          <button
            type="button"
            role="tab"
            class="tab"
            aria-selected={tab.id === props.value}
            tabIndex={tab.id === props.value ? 0 : -1}
            onClick={() => props.onChange(tab.id)}
            onKeyDown={(e) => move(e, i())}
          >
            {tab.label}
          </button>
        )}
      </For>
    </div>
  );
}
