import { describe, expect, test } from "bun:test";
import { parseSetting, pinnedSettings, resolveSettings, SETTINGS } from "./settings";

describe("settings", () => {
  test("each setting lists its type, default, bounds and doc from the one schema", () => {
    expect(SETTINGS.stats_save_interval).toEqual({ type: "integer", default: 5, min: 1, max: 1440, doc: "Minutes between stats flushes" });
    expect(SETTINGS.relay_log_enabled).toEqual({ type: "boolean", default: true, doc: "Write a log row per request" });
    expect(SETTINGS.metrics_token).toMatchObject({ type: "string", default: "" });
  });

  test("values are read from text as their type; a bad one names the key and what is allowed", () => {
    expect(parseSetting("relay_max_attempts", " 4 ")).toBe(4);
    expect(parseSetting("relay_max_attempts", 4)).toBe(4);
    expect(parseSetting("relay_log_enabled", "false")).toBe(false);
    expect(parseSetting("model_info_url", "")).toBe("");
    const refused: [Parameters<typeof parseSetting>[0], unknown, string][] = [
      ["relay_max_attempts", "0", "relay_max_attempts must be an integer from 1 to 10"],
      ["relay_max_attempts", "2.5", "relay_max_attempts must be an integer from 1 to 10"],
      ["relay_max_attempts", 11, "relay_max_attempts must be an integer from 1 to 10"],
      ["relay_log_enabled", "maybe", "relay_log_enabled must be true or false"],
      ["metrics_token", 5, "metrics_token must be a string"],
    ];
    for (const [key, raw, message] of refused) expect(() => parseSetting(key, raw)).toThrow(message);
  });

  test("a bad pinned value names its environment variable and the allowed range", () => {
    expect(pinnedSettings({ OCTOPUS_SETTING_STATS_SAVE_INTERVAL: "15", OCTOPUS_SETTING_MODEL_INFO_URL: "" })).toEqual({
      stats_save_interval: 15,
      model_info_url: "",
    });
    expect(() => pinnedSettings({ OCTOPUS_SETTING_RELAY_DEADLINE: "1" })).toThrow(
      "OCTOPUS_SETTING_RELAY_DEADLINE: relay_deadline must be an integer from 5 to 3600",
    );
  });

  test("pinned over stored over defaults; a stored value that no longer parses falls back to the default", () => {
    const values = resolveSettings({ relay_deadline: "60", relay_max_attempts: "99", sync_llm_interval: "48" }, { sync_llm_interval: 2 });
    expect(values).toMatchObject({ relay_deadline: 60, relay_max_attempts: 3, sync_llm_interval: 2, relay_log_enabled: true });
  });
});
