/** The API key form: its fields as typed, checked and turned into the admin API's body. */
import type { ApiKeyBody } from "../../api/api-keys";
import type { ApiKey } from "../../api/types";

export interface KeyForm {
  name: string;
  enabled: boolean;
  /** "YYYY-MM-DD" from a date input, or "" for never. */
  expires: string;
  /** USD as typed, or "" for unlimited. */
  budget: string;
  /** Group names; none allows every group. */
  groups: string[];
  /** Rate limits as typed: "" takes the settings' default, "0" is no limit. */
  rpm: string;
  tpm: string;
  max_concurrency: string;
}

export const LIMIT_FIELDS = ["rpm", "tpm", "max_concurrency"] as const;
type LimitField = (typeof LIMIT_FIELDS)[number];

export type KeyFormErrors = Partial<Record<"name" | "expires" | "budget" | LimitField, "required" | "tooLong" | "invalid" | "past" | "negative" | "wholeNumber">>;

export const emptyForm = (): KeyForm => ({ name: "", enabled: true, expires: "", budget: "", groups: [], rpm: "", tpm: "", max_concurrency: "" });

const pad = (n: number) => String(n).padStart(2, "0");
const dateInput = (ms: number) => {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
};

export const formFromKey = (key: ApiKey): KeyForm => ({
  name: key.name,
  enabled: key.enabled,
  expires: key.expire_at === null ? "" : dateInput(key.expire_at),
  budget: key.max_cost === null ? "" : String(key.max_cost),
  groups: [...key.supported_models],
  rpm: key.rpm === null ? "" : String(key.rpm),
  tpm: key.tpm === null ? "" : String(key.tpm),
  max_concurrency: key.max_concurrency === null ? "" : String(key.max_concurrency),
});

/** The end of the chosen day in the browser's zone: a key "expiring on" a day works through it. */
function endOfDay(text: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const [y, m, d] = match.slice(1).map(Number);
  const date = new Date(y, m - 1, d, 23, 59, 59, 999);
  return date.getMonth() === m - 1 && date.getDate() === d ? date.getTime() : undefined;
}

/**
 * Checks the form; with no errors also returns the body to send. An expiry already passed is
 * refused on create, but an edit may keep a key's past date (the key just stays expired).
 */
export function validateKeyForm(form: KeyForm, options: { now?: number; keepExpiry?: number | null } = {}): { errors: KeyFormErrors; body?: ApiKeyBody } {
  const errors: KeyFormErrors = {};
  const name = form.name.trim();
  if (!name) errors.name = "required";
  else if (name.length > 128) errors.name = "tooLong";

  let expire_at: number | null = null;
  if (form.expires) {
    const end = endOfDay(form.expires);
    if (end === undefined) errors.expires = "invalid";
    else if (end <= (options.now ?? Date.now()) && !(options.keepExpiry && dateInput(options.keepExpiry) === form.expires)) errors.expires = "past";
    else expire_at = options.keepExpiry && dateInput(options.keepExpiry) === form.expires ? options.keepExpiry : end;
  }

  let max_cost: number | null = null;
  const budget = form.budget.trim().replace(/^\$/, "");
  if (budget) {
    const n = /^\d*\.?\d+$|^\d+\.$/.test(budget) ? Number(budget) : /^-/.test(budget) ? -1 : NaN;
    if (Number.isNaN(n) || !Number.isFinite(n)) errors.budget = "invalid";
    else if (n < 0) errors.budget = "negative";
    else max_cost = n;
  }

  const limits = {} as Record<LimitField, number | null>;
  for (const field of LIMIT_FIELDS) {
    const text = form[field].trim();
    if (text === "") limits[field] = null;
    else if (/^\d{1,10}$/.test(text) && Number(text) <= (field === "max_concurrency" ? 1_000_000 : 1_000_000_000)) limits[field] = Number(text);
    else errors[field] = "wholeNumber";
  }

  if (Object.keys(errors).length) return { errors };
  return { errors, body: { name, enabled: form.enabled, expire_at, max_cost, supported_models: [...new Set(form.groups)], ...limits } };
}

/** Where a key stands: usable, switched off, or past its expiry. */
export const keyState = (key: ApiKey, now = Date.now()): "active" | "disabled" | "expired" =>
  key.expire_at !== null && key.expire_at <= now ? "expired" : key.enabled ? "active" : "disabled";

/** Spend against the budget, 0..1 (past 1 clamps), undefined when unlimited. */
export const budgetUsed = (spent: number, maxCost: number | null) => (maxCost === null ? undefined : maxCost === 0 ? 1 : Math.min(spent / maxCost, 1));
