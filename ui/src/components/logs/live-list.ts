/**
 * The logs list: one page from the server, plus entries from the live stream. On the first page
 * a matching entry is shown at once (marked fresh) and the page is reloaded shortly after to get
 * its id; on a later page entries are only counted, for a "N new entries" link back.
 */
import { createEffect, createSignal, on, onCleanup, onMount, type Accessor } from "solid-js";
import { logApi } from "../../api/logs";
import { createQuery } from "../../api/query";
import type { LiveLogEntry } from "../../api/types";
import type { LogRow } from "./LogTable";
import { matchesFilter, pageNumber, type LogView } from "./view";

/** Live entries reload the page at most this often. */
const RELOAD_MS = 1000;
/** How long an entry counts as new (its highlight fades over the same time, in CSS). */
const FRESH_MS = 3000;

const rowKey = (r: LiveLogEntry) => `${r.time}|${r.api_key_id}|${r.model}|${r.status}|${r.duration_ms}`;

export function createLogList(view: Accessor<LogView>) {
  let requestedAt = 0;
  const query = createQuery(
    (v: LogView) => {
      requestedAt = Date.now();
      return logApi.list({ ...v.filter, before_id: v.cursors.at(-1), page_size: v.size });
    },
    { source: view },
  );
  /** Live entries not in the loaded page yet, newest first, with when they arrived. */
  const [pending, setPending] = createSignal<{ row: LiveLogEntry; at: number }[]>([]);
  const [fresh, setFresh] = createSignal<ReadonlySet<string>>(new Set());
  const [missed, setMissed] = createSignal(0);
  const [connected, setConnected] = createSignal(false);

  // A loaded page holds every entry that arrived before it was asked for.
  createEffect(on(query.data, () => setPending((list) => list.filter((e) => e.at > requestedAt))));
  createEffect(on(view, () => (setPending([]), pageNumber(view()) === 1 && setMissed(0)), { defer: true }));

  let reload: ReturnType<typeof setTimeout> | undefined;
  const reloadSoon = () => (reload ??= setTimeout(() => ((reload = undefined), query.refetch()), RELOAD_MS));

  function onEntry(entry: LiveLogEntry) {
    const v = view();
    if (!matchesFilter(entry, v.filter)) return;
    if (pageNumber(v) !== 1) return void setMissed((n) => n + 1);
    const key = rowKey(entry);
    setPending((list) => [{ row: entry, at: Date.now() }, ...list]);
    setFresh((keys) => new Set(keys).add(key));
    setTimeout(() => setFresh((keys) => new Set([...keys].filter((k) => k !== key))), FRESH_MS);
    reloadSoon();
  }

  onMount(() => {
    let wasOpen = true;
    const stop = logApi.live(onEntry, (open) => {
      setConnected(open);
      // Entries recorded while the stream was down come with a reload.
      if (open && !wasOpen) query.refetch();
      wasOpen = open;
    });
    onCleanup(() => (stop(), clearTimeout(reload)));
  });

  const rows = (): LogRow[] => {
    const page = query.data()?.items ?? [];
    const live = pageNumber(view()) === 1 ? pending().map((e) => e.row) : [];
    return [...live, ...page].slice(0, view().size).map((r) => (fresh().has(rowKey(r)) ? { ...r, fresh: true } : r));
  };
  const total = () => (query.data()?.total ?? 0) + (pageNumber(view()) === 1 ? pending().length : 0);
  /** Past the server's count limit: the total reads "more than". */
  const totalCapped = () => query.data()?.total_capped ?? false;
  /**
   * Where the next page starts: the last stored row shown (live entries pushed some of the page
   * off the end), null at the end of the list.
   */
  const nextCursor = () => {
    const next = query.data()?.next_before_id ?? null;
    const lastStored = [...rows()].reverse().find((r) => r.id !== undefined)?.id;
    return next === null ? null : (lastStored ?? next);
  };

  return { query, rows, total, totalCapped, nextCursor, missed, connected };
}
