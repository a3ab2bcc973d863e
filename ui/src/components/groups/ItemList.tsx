/**
 * A group's items: channel, upstream model, priority or weight. Rows reorder by dragging their
 * handle (pointer events: mouse, pen and touch) or with the move buttons from the keyboard.
 */
import { createSignal, createUniqueId, For, Show } from "solid-js";
import type { Channel } from "../../api/types";
import { locale } from "../../i18n";
import { percent } from "../../lib/format";
import { IconButton } from "../Button";
import { SelectField, TextField } from "../Field";
import { Icon } from "../Icon";
import { usesPriority, type GroupErrors, type ItemRow, type Mode } from "./form";
import { t } from "./messages";

interface ItemListProps {
  items: ItemRow[];
  mode: Mode;
  channels: Channel[];
  errors: GroupErrors["items"];
  showErrors: boolean;
  /** Manual mode: the key of the active row. */
  active?: number;
  onActive: (key: number) => void;
  onMove: (from: number, to: number) => void;
  onChange: (index: number, change: Partial<ItemRow>) => void;
  onRemove: (index: number) => void;
}

export function ItemList(props: ItemListProps) {
  let listRef!: HTMLOListElement;
  const [drag, setDrag] = createSignal<{ from: number; over: number; key: number }>();
  const [announcement, setAnnouncement] = createSignal("");
  const activeName = createUniqueId();
  const totalWeight = () => props.items.reduce((sum, i) => sum + (i.weight > 0 ? i.weight : 0), 0);
  const channelOptions = () => [{ value: "0", label: t("pickChannel") }, ...props.channels.map((c) => ({ value: String(c.id), label: c.name }))];

  /** The row index under a pointer's vertical position. */
  function indexAt(y: number): number {
    const rows = [...listRef.querySelectorAll<HTMLElement>(":scope > li")];
    const at = rows.findIndex((row) => {
      const box = row.getBoundingClientRect();
      return y < box.top + box.height / 2;
    });
    return at === -1 ? rows.length - 1 : at;
  }

  function startDrag(e: PointerEvent, index: number, key: number) {
    if (e.button !== 0) return;
    e.preventDefault();
    (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
    setDrag({ from: index, over: index, key });
  }
  function moveDrag(e: PointerEvent) {
    if (!drag()) return;
    // Near the top or bottom of the scrolling drawer, scroll it so far rows can be reached.
    const scroller = listRef.closest<HTMLElement>(".dialog-body");
    const box = scroller?.getBoundingClientRect();
    if (scroller && box) scroller.scrollTop += e.clientY < box.top + 48 ? -16 : e.clientY > box.bottom - 48 ? 16 : 0;
    setDrag({ ...drag()!, over: indexAt(e.clientY) });
  }
  function endDrag() {
    const d = drag();
    setDrag(undefined);
    if (d && d.from !== d.over) move(d.from, d.over, d.key);
  }

  /** Moves a row and keeps keyboard focus on the control that moved it. */
  function move(from: number, to: number, key: number, focus?: string) {
    props.onMove(from, to);
    setAnnouncement(t("moved", { n: to + 1 }));
    if (focus)
      queueMicrotask(() => {
        const row = listRef.querySelector<HTMLElement>(`[data-key="${key}"]`);
        const target = row?.querySelector<HTMLButtonElement>(`.${focus}:not(:disabled)`) ?? row?.querySelector<HTMLButtonElement>(".move-up, .move-down");
        target?.focus();
      });
  }

  return (
    <>
      <ol class="item-list" ref={listRef}>
        <For each={props.items}>
          {(item, i) => {
            const datalist = createUniqueId();
            const channel = () => props.channels.find((c) => c.id === item.channel_id);
            const error = () => (props.showErrors || props.errors[i()]?.model === "duplicate" ? props.errors[i()] : undefined);
            return (
              <li
                class="item-row"
                data-key={item.key}
                classList={{ dragging: drag()?.key === item.key, "drop-before": !!drag() && drag()!.over === i() && drag()!.over < drag()!.from, "drop-after": !!drag() && drag()!.over === i() && drag()!.over > drag()!.from }}
              >
                <div class="item-order">
                  <button
                    type="button"
                    class="drag-handle"
                    aria-label={t("dragItem", { n: i() + 1 })}
                    title={t("dragItem", { n: i() + 1 })}
                    tabIndex={-1}
                    onPointerDown={(e) => startDrag(e, i(), item.key)}
                    onPointerMove={moveDrag}
                    onPointerUp={endDrag}
                    onPointerCancel={() => setDrag(undefined)}
                  >
                    <Icon name="grip" size={16} />
                  </button>
                  <span class="item-position num" aria-hidden="true">
                    {i() + 1}
                  </span>
                  <IconButton class="move-up" size="sm" icon="chevronUp" label={t("moveUp", { n: i() + 1 })} disabled={i() === 0} onClick={() => move(i(), i() - 1, item.key, "move-up")} />
                  <IconButton
                    class="move-down"
                    size="sm"
                    icon="chevronDown"
                    label={t("moveDown", { n: i() + 1 })}
                    disabled={i() === props.items.length - 1}
                    onClick={() => move(i(), i() + 1, item.key, "move-down")}
                  />
                </div>
                <div class="item-fields" classList={{ "item-fields-3": usesPriority(props.mode) || props.mode === "weighted" }}>
                  <SelectField
                    label={t("channel")}
                    value={String(item.channel_id)}
                    options={channelOptions()}
                    onValue={(v) => props.onChange(i(), { channel_id: Number(v) })}
                    error={error()?.channel && t(`problem.${error()!.channel!}`)}
                  />
                  <TextField
                    label={t("model")}
                    class="mono-input"
                    list={datalist}
                    placeholder={t("modelPlaceholder")}
                    spellcheck={false}
                    autocomplete="off"
                    value={item.model}
                    onValue={(v) => props.onChange(i(), { model: v })}
                    error={error()?.model && t(`problem.${error()!.model!}`)}
                  />
                  <datalist id={datalist}>
                    <For each={channel()?.models ?? []}>{(m) => <option value={m} />}</For>
                  </datalist>
                  <Show when={usesPriority(props.mode)}>
                    <TextField
                      label={t("priority")}
                      type="number"
                      inputMode="numeric"
                      step="1"
                      value={String(item.priority)}
                      onValue={(v) => props.onChange(i(), { priority: v === "" ? Number.NaN : Number(v) })}
                      error={props.errors[i()]?.priority && t("problem.priority")}
                    />
                  </Show>
                  <Show when={props.mode === "weighted"}>
                    <TextField
                      label={t("weight")}
                      type="number"
                      inputMode="numeric"
                      min="1"
                      step="1"
                      value={String(item.weight)}
                      onValue={(v) => props.onChange(i(), { weight: v === "" ? Number.NaN : Number(v) })}
                      error={props.errors[i()]?.weight && t("problem.weight")}
                      hint={totalWeight() > 0 && item.weight > 0 ? t("share", { percent: percent(item.weight / totalWeight(), locale()) }) : undefined}
                    />
                  </Show>
                </div>
                <Show when={props.mode === "manual"}>
                  <label class="item-active" classList={{ selected: props.active === item.key }} title={t("activeItem", { n: i() + 1 })}>
                    <input type="radio" name={activeName} checked={props.active === item.key} onChange={() => props.onActive(item.key)} aria-label={t("activeItem", { n: i() + 1 })} />
                    {t("active")}
                  </label>
                </Show>
                <IconButton class="item-remove" icon="trash" label={t("removeItem", { n: i() + 1 })} onClick={() => props.onRemove(i())} />
              </li>
            );
          }}
        </For>
      </ol>
      <Show when={props.mode === "manual" && !props.items.some((i) => i.key === props.active)}>
        <p class="muted small">{t("noActive")}</p>
      </Show>
      <p class="sr-only" aria-live="polite">
        {announcement()}
      </p>
    </>
  );
}
