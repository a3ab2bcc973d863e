/**
 * The group form as edited in the panel, pure: item order and failover priorities, validation,
 * "every channel offering model X", and the request body. No DOM, no API.
 */
import type { GroupBody } from "../../api/groups";
import type { Channel, Group } from "../../api/types";

export type Mode = GroupBody["mode"];
export const MODES: Mode[] = ["round_robin", "random", "failover", "weighted", "manual"];

/** Modes whose items go in priority order: failover, and manual after its active item. */
export const usesPriority = (mode: Mode) => mode === "failover" || mode === "manual";

export interface ItemRow {
  /** A stable identity for the list while rows move (not sent). */
  key: number;
  /** The saved item's id; none for a row not saved yet. */
  id?: number;
  channel_id: number;
  model: string;
  priority: number;
  weight: number;
}

export interface GroupForm {
  name: string;
  /** Other names and `*` patterns clients may send, as typed: separated by commas or spaces. */
  aliases: string;
  mode: Mode;
  items: ItemRow[];
  first_byte_timeout: number;
  stream_idle_timeout: number;
  request_timeout: number;
  affinity_window: number;
  /** Manual mode: the key of the row that takes all traffic. */
  active?: number;
}

export const TIMEOUT_FIELDS = ["first_byte_timeout", "stream_idle_timeout", "request_timeout", "affinity_window"] as const;
export type TimeoutField = (typeof TIMEOUT_FIELDS)[number];

let nextKey = 1;
export const newItem = (channel_id: number, model: string, priority = 0, weight = 1): ItemRow => ({ key: nextKey++, channel_id, model, priority, weight });

export const emptyGroup = (): GroupForm => ({ name: "", aliases: "", mode: "round_robin", items: [], first_byte_timeout: 0, stream_idle_timeout: 0, request_timeout: 0, affinity_window: 0 });

/**
 * The server tries failover items priority 1 first, then 2…, equal ones in list order (src/routing/
 * balancer.ts): a failover group's rows are shown in that order, so the list reads as tried.
 */
export function formFromGroup(g: Group): GroupForm {
  const items = g.items.map((i) => ({ ...newItem(i.channel_id, i.model, i.priority, i.weight), id: i.id }));
  return {
    name: g.name,
    aliases: g.aliases.join(", "),
    mode: g.mode,
    items: usesPriority(g.mode) ? failoverOrder(items) : items,
    active: items.find((i) => i.id === g.active_item_id)?.key,
    first_byte_timeout: g.first_byte_timeout,
    stream_idle_timeout: g.stream_idle_timeout,
    request_timeout: g.request_timeout,
    affinity_window: g.affinity_window,
  };
}

export const failoverOrder = <T extends { priority: number }>(items: T[]): T[] => [...items].sort((a, b) => a.priority - b.priority);

/** Moves one row; in failover the new order becomes the priorities (first row 1). */
export function moveItem(items: ItemRow[], from: number, to: number, mode: Mode): ItemRow[] {
  if (from === to || from < 0 || to < 0 || from >= items.length || to >= items.length) return items;
  const out = [...items];
  const [row] = out.splice(from, 1);
  out.splice(to, 0, row);
  return usesPriority(mode) ? prioritiesFromOrder(out) : out;
}

/** 1, 2, 3… down the list: the server's failover tries priority 1 first. */
export const prioritiesFromOrder = (items: ItemRow[]): ItemRow[] => items.map((item, i) => ({ ...item, priority: i + 1 }));

/** The priority that puts a new row after every existing one in failover. */
export const nextPriority = (items: { priority: number }[]): number => (items.length ? Math.max(...items.map((i) => i.priority)) + 1 : 1);

/** Every model any channel offers, sorted, with how many channels offer it. */
export function modelsAcross(channels: Channel[]): { model: string; channels: number }[] {
  const count = new Map<string, number>();
  for (const c of channels) for (const m of new Set(c.models)) count.set(m, (count.get(m) ?? 0) + 1);
  return [...count].map(([model, channels]) => ({ model, channels })).sort((a, b) => a.model.localeCompare(b.model));
}

/** An item per channel offering `model` that the group does not have yet, after the existing ones. */
export function itemsOffering(channels: Channel[], model: string, existing: ItemRow[]): ItemRow[] {
  const next = nextPriority(existing);
  return channels
    .filter((c) => c.models.includes(model) && !existing.some((i) => i.channel_id === c.id && i.model === model))
    .map((c, n) => newItem(c.id, model, next + n));
}

/** The typed aliases as a list, without repeats. */
export const aliasList = (text: string): string[] => [...new Set(text.split(/[\s,]+/).filter(Boolean))];

export interface GroupErrors {
  name?: "required" | "tooLong";
  aliases?: "tooLong";
  items: ({ channel?: "required"; model?: "required" | "duplicate"; weight?: "weight"; priority?: "priority" } | undefined)[];
  timeouts: Partial<Record<TimeoutField, "seconds">>;
}

const isSeconds = (n: number) => Number.isInteger(n) && n >= 0 && n <= 86_400;

export function validateGroup(form: GroupForm): GroupErrors {
  const seen = new Set<string>();
  const items = form.items.map((item) => {
    const e: NonNullable<GroupErrors["items"][number]> = {};
    if (!item.channel_id) e.channel = "required";
    if (!item.model.trim()) e.model = "required";
    else {
      const id = `${item.channel_id}\u0000${item.model.trim()}`;
      if (seen.has(id)) e.model = "duplicate";
      seen.add(id);
    }
    if (!Number.isInteger(item.weight) || item.weight < 1 || item.weight > 1_000_000) e.weight = "weight";
    if (!Number.isInteger(item.priority) || Math.abs(item.priority) > 1_000_000) e.priority = "priority";
    return Object.keys(e).length ? e : undefined;
  });
  const timeouts: GroupErrors["timeouts"] = {};
  for (const f of TIMEOUT_FIELDS) if (!isSeconds(form[f])) timeouts[f] = "seconds";
  const name = form.name.trim();
  const aliases = aliasList(form.aliases).some((a) => a.length > 255) ? "tooLong" : undefined;
  return { name: !name ? "required" : name.length > 255 ? "tooLong" : undefined, aliases, items, timeouts };
}

export const groupHasProblems = (e: GroupErrors) => Boolean(e.name) || Boolean(e.aliases) || e.items.some(Boolean) || Object.keys(e.timeouts).length > 0;

/** Items go in list order (the server keeps it for equal priorities and round robin). */
export function toGroupBody(form: GroupForm): GroupBody {
  return {
    name: form.name.trim(),
    aliases: aliasList(form.aliases),
    mode: form.mode,
    items: form.items.map((i) => ({ channel_id: i.channel_id, model: i.model.trim(), priority: i.priority, weight: i.weight })),
    first_byte_timeout: form.first_byte_timeout,
    stream_idle_timeout: form.stream_idle_timeout,
    request_timeout: form.request_timeout,
    affinity_window: form.affinity_window,
    // A row saved before has its id; a new one gets it with the save (see activeAfterSave).
    ...(form.mode === "manual" && form.items.some((i) => i.id !== undefined) && { active_item_id: activeRow(form)?.id ?? null }),
  };
}

const activeRow = (form: GroupForm) => form.items.find((i) => i.key === form.active);

/** Manual mode with a new row chosen as active: its id in the saved group, to set with a second save. */
export function activeAfterSave(form: GroupForm, saved: Group): number | undefined {
  const row = activeRow(form);
  if (form.mode !== "manual" || !row || row.id !== undefined) return undefined;
  return saved.items.find((i) => i.channel_id === row.channel_id && i.model === row.model.trim())?.id;
}

/** How to call group `model` from the usual clients, in the forms the README gives. */
export function clientSnippets(origin: string, model: string) {
  const q = JSON.stringify(model);
  return {
    openai: `import OpenAI from "openai";
const client = new OpenAI({ baseURL: "${origin}/v1", apiKey: "sk-octopus-…" });
const reply = await client.chat.completions.create({ model: ${q}, messages: [{ role: "user", content: "Hello" }] });`,
    claude: `{
  "env": {
    "ANTHROPIC_BASE_URL": "${origin}",
    "ANTHROPIC_AUTH_TOKEN": "sk-octopus-…",
    "ANTHROPIC_MODEL": ${q},
    "ANTHROPIC_DEFAULT_OPUS_MODEL": ${q},
    "ANTHROPIC_DEFAULT_SONNET_MODEL": ${q},
    "ANTHROPIC_DEFAULT_HAIKU_MODEL": ${q}
  }
}`,
    codex: `model = ${q}
model_provider = "octopus"

[model_providers.octopus]
name = "Octopus"
base_url = "${origin}/v1"
env_key = "OCTOPUS_API_KEY"
wire_api = "responses"`,
  };
}
