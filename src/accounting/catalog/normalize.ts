/**
 * The one normalisation applied to both a requested model name and catalog ids before they are
 * compared. It only removes parts that name the same model (case, a namespace, a release date,
 * `-latest`); it never shortens a name further, so `gpt-4o` and `gpt-4o-mini` stay apart.
 *
 * 1. trim and lower case;
 * 2. keep what follows the last `/` (drops `models/`, `openai/`, `openrouter/anthropic/`);
 * 3. drop a trailing `-latest`;
 * 4. drop a trailing release date: `-20250219`, `-2024-08-06` or `@20240620`.
 */
const LATEST_SUFFIX = /-latest$/;
const MONTH = "(?:0[1-9]|1[0-2])";
const DAY = "(?:0[1-9]|[12]\\d|3[01])";
const DATE_SUFFIX = new RegExp(`(?:[-@]20\\d\\d${MONTH}${DAY}|-20\\d\\d-${MONTH}-${DAY})$`);

export function normalizeModelName(name: string): string {
  const lowered = name.trim().toLowerCase();
  const lastSegment = lowered.slice(lowered.lastIndexOf("/") + 1);
  return lastSegment.replace(LATEST_SUFFIX, "").replace(DATE_SUFFIX, "");
}
