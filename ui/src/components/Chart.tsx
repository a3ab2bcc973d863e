/**
 * A bar chart over time on uPlot (canvas): sizes to its container, takes its colours from the
 * theme's --chart-N tokens at draw time (redrawn when the theme or language changes), stacks
 * several series, and shows a legend that reads totals, or one bucket's values under the cursor.
 */
import { createEffect, createSignal, For, onCleanup, onMount, Show, untrack } from "solid-js";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { locale } from "../i18n";
import { theme } from "../lib/theme";
import "./Chart.css";

export interface ChartSeries {
  label: string;
  values: number[];
  /** Which --chart-N colour. */
  color: 1 | 2 | 3 | 4;
}

export interface ChartProps {
  /** What the chart shows, for screen readers and as the legend's heading. */
  label: string;
  /** Bucket starts, Unix milliseconds, evenly spaced. */
  times: number[];
  /** Drawn stacked, the first at the bottom. */
  series: ChartSeries[];
  /** Values on the axis and in the legend. */
  format: (n: number) => string;
  /** A bucket's time, long (legend) and short (axis). */
  formatTime: (ms: number, short: boolean) => string;
  /** Shown in the legend when nothing is hovered, e.g. "Last 30 days". */
  rangeLabel: string;
  height?: number;
}

/** A colour token resolved to rgb() as the canvas needs it (light-dark() only resolves on an element). */
function resolveColor(probe: HTMLElement, value: string) {
  probe.style.color = value;
  return getComputedStyle(probe).color;
}

export function Chart(props: ChartProps) {
  let root!: HTMLDivElement;
  let canvasHost!: HTMLDivElement;
  let probe!: HTMLSpanElement;
  let plot: uPlot | undefined;
  const [hovered, setHovered] = createSignal<number | null>(null);
  const [colors, setColors] = createSignal<string[]>([]);
  const height = () => props.height ?? 180;
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

  function build() {
    plot?.destroy();
    const color = (name: string) => resolveColor(probe, `var(${name})`);
    const palette = [1, 2, 3, 4].map((n) => color(`--chart-${n}`));
    setColors(palette);
    const axisColor = color("--text-3");
    const gridColor = color("--border");
    const font = `11px ${getComputedStyle(root).fontFamily}`;
    const { times, series } = props;
    // Stacked: each drawn series is the running sum, drawn tallest first so lower ones sit on top.
    const stacked: number[][] = [];
    series.forEach((s, i) => stacked.push(s.values.map((v, j) => v + (i ? stacked[i - 1][j] : 0))));
    const step = times.length > 1 ? times[1] - times[0] : 86_400_000;
    const bars = uPlot.paths.bars!({ size: [0.7, 28], radius: 0.2 });
    const drawn = series.map((s, i) => ({ s, values: stacked[i] })).reverse();
    plot = new uPlot(
      {
        width: Math.max(root.clientWidth, 120),
        height: height(),
        ms: 1,
        // Right padding: the last day's label is centred on its bar and would be cut at the edge.
        padding: [12, 16, 0, 0],
        legend: { show: false },
        cursor: { drag: { x: false, y: false, setScale: false }, points: { show: false } },
        select: { show: false, left: 0, top: 0, width: 0, height: 0 },
        scales: {
          x: { time: true, range: () => [times[0] - step / 2, times[times.length - 1] + step / 2] },
          y: { range: (_u, _min, max) => uPlot.rangeNum(0, max > 0 ? max : 1, 0.1, true) },
        },
        axes: [
          {
            stroke: axisColor,
            font,
            size: 28,
            grid: { show: false },
            ticks: { stroke: gridColor, size: 4 },
            space: 56,
            values: (_u, splits) => splits.map((ms) => props.formatTime(ms, true)),
          },
          {
            stroke: axisColor,
            font,
            size: 52,
            space: 32,
            grid: { stroke: gridColor, width: 1 },
            ticks: { show: false },
            values: (_u, splits) => splits.map((n) => props.format(n)),
          },
        ],
        series: [{}, ...drawn.map(({ s }) => ({ label: s.label, fill: palette[s.color - 1], stroke: palette[s.color - 1], width: 0, paths: bars, points: { show: false } }))],
        hooks: { setCursor: [(u) => setHovered(u.cursor.idx ?? null)] },
      },
      [times, ...drawn.map((d) => d.values)],
      canvasHost,
    );
    canvasHost.onmouseleave = () => setHovered(null);
  }

  /** Colours resolve only on an element in the document. */
  const draw = () => root.isConnected && build();

  onMount(() => {
    // The first draw may wait for this: inside a pending Suspense the chart is not in the document yet.
    const observer = new ResizeObserver(() => (plot ? plot.setSize({ width: Math.max(root.clientWidth, 120), height: height() }) : draw()));
    observer.observe(root);
    const scheme = matchMedia("(prefers-color-scheme: dark)");
    const onScheme = () => draw();
    scheme.addEventListener("change", onScheme);
    onCleanup(() => {
      observer.disconnect();
      scheme.removeEventListener("change", onScheme);
      plot?.destroy();
    });
  });
  createEffect(() => {
    // Redraw on new data, a theme change or a language change (axis labels).
    props.times;
    props.series;
    theme();
    locale();
    // The theme attribute is set in the same tick as the signal: draw once styles have applied.
    queueMicrotask(() => untrack(draw));
  });

  const summary = () => `${props.label}, ${props.rangeLabel}: ${props.series.map((s) => `${s.label} ${props.format(sum(s.values))}`).join(", ")}`;

  return (
    <figure class="chart" aria-label={summary()} role="img">
      <span ref={probe} class="chart-probe" aria-hidden="true" />
      <figcaption class="chart-legend" aria-hidden="true">
        <span class="chart-legend-head">
          <span class="chart-title">{props.label}</span>
          <span class="faint">{hovered() === null ? props.rangeLabel : props.formatTime(props.times[hovered()!], false)}</span>
        </span>
        <For each={props.series}>
          {(s) => (
            <span class="chart-legend-item">
              <span class="chart-swatch" style={{ background: colors()[s.color - 1] }} />
              <span class="muted">{s.label}</span>
              <span class="num">{props.format(hovered() === null ? sum(s.values) : s.values[hovered()!])}</span>
            </span>
          )}
        </For>
        <Show when={props.series.length > 1 && hovered() !== null}>
          <span class="chart-legend-item faint num">Σ {props.format(sum(props.series.map((s) => s.values[hovered()!])))}</span>
        </Show>
      </figcaption>
      <div ref={root} class="chart-plot" style={{ height: `${height()}px` }}>
        <div ref={canvasHost} />
      </div>
    </figure>
  );
}

export default Chart;
