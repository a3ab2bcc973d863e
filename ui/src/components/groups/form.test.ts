import { describe, expect, test } from "bun:test";
import type { Channel, Group } from "../../api/types";
import { Balancer } from "../../../../src/routing/balancer";
import { activeAfterSave, aliasList, clientSnippets, emptyGroup, formFromGroup, groupHasProblems, itemsOffering, modelsAcross, moveItem, newItem, toGroupBody, validateGroup } from "./form";

const channel = (id: number, models: string[]) => ({ id, name: `c${id}`, models }) as Channel;
const group = (over: Partial<Group> = {}): Group => ({
  id: 1,
  name: "smart",
  mode: "failover",
  items: [
    { id: 1, group_id: 1, channel_id: 1, model: "a", priority: 1, weight: 1 },
    { id: 2, group_id: 1, channel_id: 2, model: "b", priority: 10, weight: 1 },
    { id: 3, group_id: 1, channel_id: 3, model: "c", priority: 5, weight: 1 },
  ],
  first_byte_timeout: 0,
  stream_idle_timeout: 0,
  request_timeout: 0,
  affinity_window: 0,
  active_item_id: null,
  aliases: [],
  created_at: 0,
  updated_at: 0,
  ...over,
});

describe("failover order", () => {
  test("a failover group's rows are listed as the server tries them: priority 1 first", () => {
    expect(formFromGroup(group()).items.map((i) => i.model)).toEqual(["a", "c", "b"]);
    expect(formFromGroup(group({ mode: "round_robin" })).items.map((i) => i.model)).toEqual(["a", "b", "c"]);
  });

  test("a dragged order becomes priorities the server's balancer tries in that same order", () => {
    const form = formFromGroup(group());
    const moved = moveItem(form.items, 2, 0, "failover");
    expect(moved.map((i) => i.model)).toEqual(["b", "a", "c"]);
    expect(moved.map((i) => i.priority)).toEqual([1, 2, 3]);
    const body = toGroupBody({ ...form, items: moved });
    // The real balancer, as the relay orders a failover group.
    const tried = new Balancer().order(1, "failover", body.items.map((i) => ({ ...i, priority: i.priority!, weight: i.weight! })));
    expect(tried.map((i) => i.model)).toEqual(["b", "a", "c"]);
  });

  test("outside failover, moving keeps priorities; out-of-range moves change nothing", () => {
    const items = formFromGroup(group({ mode: "weighted" })).items;
    const moved = moveItem(items, 0, 1, "weighted");
    expect(moved.map((i) => [i.model, i.priority])).toEqual([["b", 10], ["a", 1], ["c", 5]]);
    expect(moveItem(items, 0, 3, "weighted")).toBe(items);
    expect(moveItem(items, -1, 0, "failover")).toBe(items);
  });
});

describe("manual mode", () => {
  test("the active item is marked on its row, listed in failover order, and sent back by id", () => {
    const form = formFromGroup(group({ mode: "manual", active_item_id: 3 }));
    expect(form.items.map((i) => i.model)).toEqual(["a", "c", "b"]);
    expect(form.items.find((i) => i.key === form.active)!.model).toBe("c");
    expect(toGroupBody(form).active_item_id).toBe(3);
    expect(toGroupBody({ ...form, active: undefined }).active_item_id).toBeNull();
    // Outside manual mode the choice is left as stored.
    expect("active_item_id" in toGroupBody({ ...form, mode: "failover" })).toBe(false);
  });

  test("a new row chosen as active gets its id from the saved group, for a second save", () => {
    const form = formFromGroup(group({ mode: "manual", active_item_id: 3 }));
    const added = newItem(4, " d ", 4);
    const edited = { ...form, items: [...form.items, added], active: added.key };
    expect(toGroupBody(edited).active_item_id).toBeNull();
    const saved = group({ mode: "manual", items: [...group().items, { id: 9, group_id: 1, channel_id: 4, model: "d", priority: 4, weight: 1 }] });
    expect(activeAfterSave(edited, saved)).toBe(9);
    expect(activeAfterSave(form, saved)).toBeUndefined();
    // A new group: nothing has an id, so nothing is sent before the second save.
    const fresh = { ...emptyGroup(), mode: "manual" as const, items: [added], active: added.key };
    expect("active_item_id" in toGroupBody(fresh)).toBe(false);
    expect(activeAfterSave(fresh, saved)).toBe(9);
  });
});

test("aliases: typed with commas or spaces, sent as a list without repeats, shown back joined", () => {
  expect(aliasList(" claude-haiku-*, fast\n fast  gemini-*-flash* ,")).toEqual(["claude-haiku-*", "fast", "gemini-*-flash*"]);
  const form = formFromGroup(group({ aliases: ["claude-haiku-*", "fast"] }));
  expect(form.aliases).toBe("claude-haiku-*, fast");
  expect(toGroupBody(form).aliases).toEqual(["claude-haiku-*", "fast"]);
  expect(validateGroup({ ...form, aliases: "x".repeat(256) }).aliases).toBe("tooLong");
});

describe("every channel offering a model", () => {
  const channels = [channel(1, ["gpt-4o", "o3"]), channel(2, ["gpt-4o"]), channel(3, ["claude"])];

  test("lists models across channels with their channel count", () => {
    expect(modelsAcross(channels)).toEqual([
      { model: "claude", channels: 1 },
      { model: "gpt-4o", channels: 2 },
      { model: "o3", channels: 1 },
    ]);
  });

  test("adds an item per channel offering it, skipping items already there, after existing priorities", () => {
    const existing = [newItem(1, "gpt-4o", 5)];
    const added = itemsOffering(channels, "gpt-4o", existing);
    expect(added.map((i) => [i.channel_id, i.model, i.priority])).toEqual([[2, "gpt-4o", 6]]);
    expect(itemsOffering(channels, "gpt-4o", []).map((i) => [i.channel_id, i.priority])).toEqual([[1, 1], [2, 2]]);
  });
});

describe("validateGroup", () => {
  test("an empty name, a missing channel or model, a duplicate item, a bad weight or timeout are problems", () => {
    const form = {
      ...emptyGroup(),
      items: [newItem(1, "a"), newItem(0, ""), newItem(1, " a "), { ...newItem(2, "b"), weight: 0 }],
      first_byte_timeout: -1,
      affinity_window: 1.5,
    };
    const errors = validateGroup(form);
    expect(errors.name).toBe("required");
    expect(errors.items).toEqual([undefined, { channel: "required", model: "required" }, { model: "duplicate" }, { weight: "weight" }]);
    expect(errors.timeouts).toEqual({ first_byte_timeout: "seconds", affinity_window: "seconds" });
    expect(groupHasProblems(errors)).toBe(true);
  });

  test("a complete group has none", () => {
    expect(groupHasProblems(validateGroup({ ...formFromGroup(group()), request_timeout: 600 }))).toBe(false);
  });
});

test("client snippets use this server's URL and the group name in the README's forms", () => {
  const s = clientSnippets("https://octopus.example:8443", "smart");
  expect(s.openai).toContain('new OpenAI({ baseURL: "https://octopus.example:8443/v1", apiKey: "sk-octopus-…" })');
  expect(s.openai).toContain('model: "smart"');
  expect(JSON.parse(s.claude).env).toMatchObject({ ANTHROPIC_BASE_URL: "https://octopus.example:8443", ANTHROPIC_AUTH_TOKEN: "sk-octopus-…", ANTHROPIC_MODEL: "smart" });
  expect(s.codex).toContain('model = "smart"\nmodel_provider = "octopus"');
  expect(s.codex).toContain('base_url = "https://octopus.example:8443/v1"');
  expect(s.codex).toContain('wire_api = "responses"');
  expect(s.codex).toContain('env_key = "OCTOPUS_API_KEY"');
});
