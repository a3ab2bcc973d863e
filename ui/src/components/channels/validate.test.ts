import { describe, expect, test } from "bun:test";
import type { Channel } from "../../api/types";
import { CHANNEL_TYPE_INFO } from "../../../../src/channels/types";
import { FORMATS } from "../../../../src/protocols/ir";
import { emptyForm, fetchModelsRequest, formFromChannel, hasProblems, toChannelBody, urlFormats, validateChannel, type ChannelForm } from "./validate";

const openai = { type: "openai-chat", name: "OpenAI Chat", format: "openai-chat" as const, default_base_url: "https://api.openai.com/v1" };

const valid = (over: Partial<ChannelForm> = {}): ChannelForm => ({
  ...emptyForm(openai),
  name: "main",
  keys: [{ key: "sk-new", remark: "", enabled: true }],
  ...over,
});

const stored: Channel = {
  id: 7,
  name: "stored",
  type: "anthropic",
  enabled: false,
  base_urls: [{ url: "https://api.anthropic.com/v1" }, { url: " https://api.anthropic.com/openai/v1 ", format: "openai-chat" }],
  keys: [
    { id: 3, key: "sk-a…1234", enabled: true, remark: "team" },
    { id: 4, key: "sk-b…5678", enabled: false, remark: "" },
  ],
  models: ["claude-sonnet-4-5"],
  model_filter: "^claude",
  auto_sync: true,
  custom_headers: [{ key: "x-team", value: "core" }],
  param_override: '{"temperature":0.2}',
  proxy_url: "",
  created_at: 1,
  updated_at: 2,
};

describe("validateChannel", () => {
  test("a complete new channel has no problems", () => {
    const errors = validateChannel(valid());
    expect(hasProblems(errors)).toBe(false);
  });

  test("the type picker's default base URL fills the first endpoint", () => {
    expect(emptyForm(openai).base_urls).toEqual([{ url: "https://api.openai.com/v1", format: "" }]);
  });

  test("name, type, base URLs and new keys are required", () => {
    const errors = validateChannel({ ...emptyForm(), keys: [{ key: "  ", remark: "x", enabled: true }] });
    expect(errors.name).toEqual({ code: "required" });
    expect(errors.type).toEqual({ code: "required" });
    expect(errors.base_urls).toEqual([{ code: "required" }]);
    expect(errors.keys).toEqual([{ code: "required" }]);
    expect(validateChannel(valid({ keys: [] })).keyList).toEqual({ code: "noKey" });
    expect(validateChannel(valid({ name: "x".repeat(129) })).name).toEqual({ code: "tooLong" });
  });

  test("base URLs must be http(s) and distinct", () => {
    const rows = ["https://a.example/v1", "ftp://a.example", "api.example.com", "https://a.example/v1"].map((url) => ({ url, format: "" as const }));
    const errors = validateChannel(valid({ base_urls: rows }));
    expect(errors.base_urls).toEqual([undefined, { code: "url" }, { code: "url" }, { code: "duplicate" }]);
  });

  test("a base URL may speak another format; one URL in two formats is fine, twice in one is not; one must speak the type's", () => {
    const base_urls = [
      { url: "https://api.example.com/v1", format: "" as const },
      { url: "https://api.example.com/v1", format: "anthropic" as const },
      { url: "https://api.example.com/v1", format: "openai-chat" as const },
    ];
    const errors = validateChannel(valid({ base_urls }), "openai-chat");
    expect(errors.base_urls).toEqual([undefined, undefined, { code: "duplicate" }]);
    expect(errors.baseUrlList).toBeUndefined();
    const none = validateChannel(valid({ base_urls: [{ url: "https://api.example.com/anthropic", format: "anthropic" }] }), "openai-chat");
    expect(none.baseUrlList).toEqual({ code: "noTypeFormat" });
    expect(hasProblems(none)).toBe(true);
  });

  test("a stored key needs no secret: it is kept by id", () => {
    const form = formFromChannel(stored);
    expect(hasProblems(validateChannel(form))).toBe(false);
  });

  test("the model filter must be a regular expression, with the parser's reason", () => {
    const problem = validateChannel(valid({ model_filter: "gpt-(4" })).model_filter;
    expect(problem?.code).toBe("regex");
    expect(problem?.detail).toBeTruthy();
    expect(validateChannel(valid({ model_filter: "^gpt-4o" })).model_filter).toBeUndefined();
  });

  test("param override must parse as a JSON object; the parse error is kept", () => {
    const broken = validateChannel(valid({ param_override: '{"temperature": 0.2,}' })).param_override;
    expect(broken?.code).toBe("json");
    expect(broken?.detail).toBeTruthy();
    expect(validateChannel(valid({ param_override: "[1, 2]" })).param_override).toEqual({ code: "jsonObject" });
    expect(validateChannel(valid({ param_override: "null" })).param_override).toEqual({ code: "jsonObject" });
    expect(validateChannel(valid({ param_override: "42" })).param_override).toEqual({ code: "jsonObject" });
    expect(validateChannel(valid({ param_override: '{"max_tokens": 1024}' })).param_override).toBeUndefined();
    expect(validateChannel(valid({ param_override: "  " })).param_override).toBeUndefined();
  });

  test("header names must be HTTP tokens; the proxy an http(s) or socks5 URL", () => {
    const errors = validateChannel(
      valid({
        custom_headers: [
          { key: "x-ok", value: "1" },
          { key: "bad header", value: "2" },
          { key: "", value: "3" },
        ],
        proxy_url: "localhost:8080",
      }),
    );
    expect(errors.custom_headers).toEqual([undefined, { code: "headerName" }, { code: "required" }]);
    expect(errors.proxy_url).toEqual({ code: "proxyUrl" });
    expect(validateChannel(valid({ proxy_url: "socks5://127.0.0.1:1080" })).proxy_url).toBeUndefined();
  });
});

describe("toChannelBody", () => {
  test("stored keys go by id without a secret; a typed secret replaces one; new keys carry theirs", () => {
    const form = formFromChannel(stored);
    form.keys[1].key = " sk-replaced ";
    form.keys.push({ key: "sk-brand-new", remark: " spare ", enabled: true });
    form.models.push("claude-sonnet-4-5", " claude-opus-4-1 ", "");
    const body = toChannelBody(form);
    expect(body.keys).toEqual([
      { id: 3, remark: "team", enabled: true },
      { id: 4, key: "sk-replaced", remark: "", enabled: false },
      { key: "sk-brand-new", remark: "spare", enabled: true },
    ]);
    expect(body.models).toEqual(["claude-sonnet-4-5", "claude-opus-4-1"]);
    expect(body.param_override).toBe('{\n  "temperature": 0.2\n}');
    expect(body.base_urls).toEqual([{ url: "https://api.anthropic.com/v1" }, { url: "https://api.anthropic.com/openai/v1", format: "openai-chat" }]);
    expect(body).toMatchObject({ name: "stored", type: "anthropic", enabled: false, auto_sync: true, model_filter: "^claude" });
  });
});

describe("fetchModelsRequest", () => {
  test("a new channel lists with its first typed key and first base URL", () => {
    const form = valid({ base_urls: ["https://one.example/v1", "https://two.example/v1"].map((url) => ({ url, format: "" as const })), model_filter: "^gpt" });
    expect(fetchModelsRequest(form)).toEqual({ type: "openai-chat", base_url: "https://one.example/v1", key: "sk-new", model_filter: "^gpt" });
    // The first URL of the type's format: another format's lists models its own way.
    form.base_urls.unshift({ url: "https://one.example/anthropic", format: "anthropic" });
    expect(fetchModelsRequest(form, undefined, "openai-chat")?.base_url).toBe("https://one.example/v1");
  });

  test("an edited channel whose keys are masked lists with its stored keys", () => {
    const form = formFromChannel(stored);
    expect(fetchModelsRequest(form, stored.id)).toMatchObject({ type: "anthropic", channel_id: 7, custom_headers: [{ key: "x-team", value: "core" }] });
    expect(fetchModelsRequest(form, stored.id)).not.toHaveProperty("key");
  });

  test("nothing to list with: undefined", () => {
    expect(fetchModelsRequest(valid({ keys: [{ key: "", remark: "", enabled: true }] }))).toBeUndefined();
    expect(fetchModelsRequest(valid({ base_urls: [{ url: " ", format: "" }] }))).toBeUndefined();
  });
});

test("a base URL may speak every format, each labelled with its own channel type's name (not Antigravity, which is Gemini-shaped)", () => {
  const options = urlFormats([...CHANNEL_TYPE_INFO]);
  expect(options.map((o) => o.value)).toEqual([...FORMATS]);
  expect(options).toContainEqual({ value: "openai-responses", label: "OpenAI Responses" });
  expect(options).toContainEqual({ value: "gemini", label: "Gemini" });
});
