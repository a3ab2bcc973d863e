import { describe, expect, test } from "bun:test";
import type { ApiKey } from "../../api/types";
import { budgetUsed, emptyForm, formFromKey, keyState, validateKeyForm } from "./form";

const now = new Date(2026, 11, 2, 12, 0).getTime();
const form = (over = {}) => ({ ...emptyForm(), name: "laptop", ...over });

describe("validateKeyForm", () => {
  test("a name alone makes a key that never expires, unlimited, for every group", () => {
    expect(validateKeyForm(form({ name: "  laptop " }), { now })).toEqual({
      errors: {},
      body: { name: "laptop", enabled: true, expire_at: null, max_cost: null, supported_models: [], rpm: null, tpm: null, max_concurrency: null },
    });
  });

  test("name is required and at most 128 characters", () => {
    expect(validateKeyForm(form({ name: "   " }), { now }).errors).toEqual({ name: "required" });
    expect(validateKeyForm(form({ name: "x".repeat(129) }), { now }).errors).toEqual({ name: "tooLong" });
    expect(validateKeyForm(form({ name: "x".repeat(128) }), { now }).body?.name).toHaveLength(128);
  });

  test("expiry is the end of the chosen local day; today is allowed, yesterday and nonsense are not", () => {
    expect(validateKeyForm(form({ expires: "2026-12-02" }), { now }).body?.expire_at).toBe(new Date(2026, 11, 2, 23, 59, 59, 999).getTime());
    expect(validateKeyForm(form({ expires: "2026-12-01" }), { now }).errors).toEqual({ expires: "past" });
    expect(validateKeyForm(form({ expires: "2026-02-30" }), { now }).errors).toEqual({ expires: "invalid" });
    expect(validateKeyForm(form({ expires: "soon" }), { now }).errors).toEqual({ expires: "invalid" });
  });

  test("an edit may keep a key's own past expiry unchanged", () => {
    const past = new Date(2026, 10, 1, 9, 30).getTime();
    expect(validateKeyForm(form({ expires: "2026-11-01" }), { now, keepExpiry: past }).body?.expire_at).toBe(past);
    expect(validateKeyForm(form({ expires: "2026-11-02" }), { now, keepExpiry: past }).errors).toEqual({ expires: "past" });
  });

  test("budget: empty is unlimited, dollars with or without $, never negative or text", () => {
    expect(validateKeyForm(form({ budget: "25" }), { now }).body?.max_cost).toBe(25);
    expect(validateKeyForm(form({ budget: " $0.50 " }), { now }).body?.max_cost).toBe(0.5);
    expect(validateKeyForm(form({ budget: ".5" }), { now }).body?.max_cost).toBe(0.5);
    expect(validateKeyForm(form({ budget: "0" }), { now }).body?.max_cost).toBe(0);
    expect(validateKeyForm(form({ budget: "-3" }), { now }).errors).toEqual({ budget: "negative" });
    expect(validateKeyForm(form({ budget: "ten" }), { now }).errors).toEqual({ budget: "invalid" });
    expect(validateKeyForm(form({ budget: "1e400" }), { now }).errors).toEqual({ budget: "invalid" });
  });

  test("several errors at once, and no body with any", () => {
    const result = validateKeyForm(form({ name: "", budget: "x", expires: "2020-01-01" }), { now });
    expect(result.errors).toEqual({ name: "required", budget: "invalid", expires: "past" });
    expect(result.body).toBeUndefined();
  });

  test("groups are sent once each", () => {
    expect(validateKeyForm(form({ groups: ["gpt", "claude", "gpt"] }), { now }).body?.supported_models).toEqual(["gpt", "claude"]);
  });
});

const key = (over: Partial<ApiKey> = {}): ApiKey => ({
  id: 1,
  name: "laptop",
  key_prefix: "sk-octopus-AbCd",
  enabled: true,
  expire_at: null,
  max_cost: null,
  rpm: null,
  tpm: null,
  max_concurrency: null,
  rate_limits: { rpm: 0, tpm: 0, max_concurrency: 0 },
  rate_use: { rpm: 0, tpm: 0, concurrency: 0 },
  supported_models: [],
  created_at: now - 1000,
  ...over,
});

test("a stored key fills the form back", () => {
  const expire_at = new Date(2027, 0, 31, 23, 59).getTime();
  expect(formFromKey(key({ enabled: false, expire_at, max_cost: 12.5, supported_models: ["gpt"] }))).toEqual({
    name: "laptop",
    enabled: false,
    expires: "2027-01-31",
    budget: "12.5",
    groups: ["gpt"],
    rpm: "",
    tpm: "",
    max_concurrency: "",
  });
  expect(formFromKey(key())).toEqual({ ...emptyForm(), name: "laptop" });
});

test("state and budget use", () => {
  expect(keyState(key(), now)).toBe("active");
  expect(keyState(key({ enabled: false }), now)).toBe("disabled");
  expect(keyState(key({ expire_at: now - 1 }), now)).toBe("expired");
  expect(budgetUsed(5, null)).toBeUndefined();
  expect(budgetUsed(5, 20)).toBe(0.25);
  expect(budgetUsed(30, 20)).toBe(1);
  expect(budgetUsed(0, 0)).toBe(1);
});

test("rate limits: empty takes the default (null), 0 lifts it, anything else but a whole number is refused", () => {
  const base = { ...emptyForm(), name: "agent" };
  expect(validateKeyForm({ ...base, rpm: " 60 ", tpm: "", max_concurrency: "0" }, { now }).body).toMatchObject({ rpm: 60, tpm: null, max_concurrency: 0 });
  expect(validateKeyForm({ ...base, rpm: "1.5", tpm: "-1", max_concurrency: "2000000" }, { now }).errors).toEqual({ rpm: "wholeNumber", tpm: "wholeNumber", max_concurrency: "wholeNumber" });
  expect(formFromKey(key({ rpm: 30, tpm: null, max_concurrency: 0 }))).toMatchObject({ rpm: "30", tpm: "", max_concurrency: "0" });
});
