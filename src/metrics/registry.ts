/**
 * Counters, gauges and histograms kept in memory and written in Prometheus' text exposition
 * format (version 0.0.4). Labelled series live in a map under their rendered label set, so an
 * update is one map lookup and an addition.
 */

const escape = (value: string) => value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
const labelText = (labels: Record<string, string>) => {
  const pairs = Object.entries(labels).map(([k, v]) => `${k}="${escape(v)}"`);
  return pairs.length > 0 ? `{${pairs.join(",")}}` : "";
};
const header = (name: string, help: string, type: string) => `# HELP ${name} ${help}\n# TYPE ${name} ${type}\n`;
const number = (n: number) => (Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(12))));

/**
 * A counter (only goes up) or a gauge, by the values of its labels. A series is found by its values
 * joined (no label text built per update): that is written only when scraped.
 */
export class Series {
  private values = new Map<string, { labels: readonly string[]; value: number }>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly type: "counter" | "gauge",
    readonly labelNames: readonly string[] = [],
  ) {}

  add(labels: readonly string[], by = 1) {
    const key = labels.join("\u0001");
    const series = this.values.get(key);
    if (series) series.value += by;
    else this.values.set(key, { labels, value: by });
  }

  set(labels: readonly string[], value: number) {
    this.values.set(labels.join("\u0001"), { labels, value });
  }

  render(): string {
    let out = header(this.name, this.help, this.type);
    for (const { labels, value } of this.values.values())
      out += `${this.name}${labelText(Object.fromEntries(this.labelNames.map((n, i) => [n, labels[i]])))} ${number(value)}\n`;
    return out;
  }
}

/** A histogram with fixed upper bounds, over every observation (no labels: few series to scrape). */
export class Histogram {
  /** Per bound, the observations that fell in it first; summed into Prometheus' cumulative buckets when rendered. */
  private counts: number[];
  private sum = 0;
  private count = 0;

  constructor(
    readonly name: string,
    readonly help: string,
    readonly bounds: readonly number[],
  ) {
    this.counts = bounds.map(() => 0);
  }

  observe(value: number) {
    const i = this.bounds.findIndex((b) => value <= b);
    if (i !== -1) this.counts[i]++;
    this.sum += value;
    this.count++;
  }

  render(): string {
    let out = header(this.name, this.help, "histogram");
    let cumulative = 0;
    this.bounds.forEach((bound, i) => {
      cumulative += this.counts[i];
      out += `${this.name}_bucket{le="${bound}"} ${cumulative}\n`;
    });
    out += `${this.name}_bucket{le="+Inf"} ${this.count}\n`;
    out += `${this.name}_sum ${number(this.sum)}\n`;
    out += `${this.name}_count ${this.count}\n`;
    return out;
  }
}
