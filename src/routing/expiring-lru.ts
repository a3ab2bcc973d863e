/**
 * A map of at most `max` entries, each with its own expiry: reading an entry refreshes its place,
 * an expired one reads as absent and is dropped, and past `max` the least recently used goes.
 * A Map keeps insertion order, so its first key is always the least recently used.
 */
export class ExpiringLru<V extends { until: number }> {
  private entries = new Map<string, V>();

  constructor(
    readonly max: number,
    private readonly now: () => number,
  ) {}

  get size() {
    return this.entries.size;
  }

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.until <= this.now()) return undefined;
    this.entries.set(key, entry);
    return entry;
  }

  set(key: string, value: V) {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
  }
}
