/**
 * A year of daily activity: 53 week columns of 7 days, shaded by requests against the busiest
 * day. Each day has a tooltip with its date and count; screen readers get a one-line summary.
 * On narrow screens it scrolls inside its own box, ending at today.
 */
import { For, onMount } from "solid-js";
import type { HeatCell } from "./dashboard/data";
import "./Heatmap.css";

const CELL = 11;
const GAP = 3;
const LEFT = 28;
const TOP = 16;

export interface HeatmapProps {
  weeks: HeatCell[][];
  /** One line for screen readers: the year's total and busiest day. */
  summary: string;
  /** A day's tooltip: its date and count. */
  title: (cell: HeatCell) => string;
  /** Short month name of a time. */
  month: (ms: number) => string;
  /** Short weekday names, Sunday first. */
  weekdays: string[];
  less: string;
  more: string;
}

export function Heatmap(props: HeatmapProps) {
  let scroller!: HTMLDivElement;
  onMount(() => (scroller.scrollLeft = scroller.scrollWidth));
  const width = () => LEFT + props.weeks.length * (CELL + GAP);
  const height = TOP + 7 * (CELL + GAP);
  /** A label over the first column holding a month's first day, unless it would crowd the previous one. */
  const months = () => {
    const labels: { x: number; text: string }[] = [];
    props.weeks.forEach((week, w) => {
      const first = week.find((c) => new Date(c.time).getDate() === 1);
      if (!first) return;
      const x = LEFT + w * (CELL + GAP);
      if (labels.length && x - labels[labels.length - 1].x < 3 * (CELL + GAP)) labels.pop();
      if (w < props.weeks.length - 2) labels.push({ x, text: props.month(first.time) });
    });
    return labels;
  };
  return (
    <div class="heatmap">
      <div class="heatmap-scroll" ref={scroller} tabIndex={0} role="region" aria-label={props.summary}>
        <svg viewBox={`0 0 ${width()} ${height}`} style={{ "min-width": `${width()}px`, "max-width": `${width() * 1.5}px` }} aria-hidden="true">
          <For each={months()}>
            {(m) => (
              <text x={m.x} y={10} class="heatmap-label">
                {m.text}
              </text>
            )}
          </For>
          <For each={[1, 3, 5]}>
            {(d) => (
              <text x={0} y={TOP + d * (CELL + GAP) + CELL - 2} class="heatmap-label">
                {props.weekdays[d]}
              </text>
            )}
          </For>
          <For each={props.weeks}>
            {(week, w) => (
              <For each={week}>
                {(cell, d) =>
                  !cell.future && (
                    <rect x={LEFT + w() * (CELL + GAP)} y={TOP + d() * (CELL + GAP)} width={CELL} height={CELL} rx={2} class={`heatmap-cell level-${cell.level}`}>
                      <title>{props.title(cell)}</title>
                    </rect>
                  )
                }
              </For>
            )}
          </For>
        </svg>
      </div>
      <div class="heatmap-key xs faint" aria-hidden="true">
        <span>{props.less}</span>
        <For each={[0, 1, 2, 3, 4]}>{(l) => <span class={`heatmap-swatch level-${l}`} />}</For>
        <span>{props.more}</span>
      </div>
    </div>
  );
}
