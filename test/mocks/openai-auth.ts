/** api.openai.com's answer to a missing or wrong API key, shared by both OpenAI mocks (one front door). */
import { bearerToken } from "./plumbing";

const MISSING_KEY =
  "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you're accessing the API from your browser and are prompted for a username and password. You can obtain an API key from https://platform.openai.com/account/api-keys.";

/** OpenAI shows the first 3 and last 4 characters of a wrong key. */
const mask = (key: string) => `${key.slice(0, 3)}${"*".repeat(Math.max(0, key.length - 7))}${key.slice(-4)}`;

/** The `error` object of OpenAI's 401 for this request, or undefined when its key is `apiKey`. */
export function openaiAuthError(request: Request, apiKey: string): { message: string; type: string; code: string | null } | undefined {
  const key = bearerToken(request);
  if (key === apiKey) return undefined;
  if (key === undefined) return { message: MISSING_KEY, type: "invalid_request_error", code: null };
  return {
    message: `Incorrect API key provided: ${mask(key)}. You can find your API key at https://platform.openai.com/account/api-keys.`,
    type: "invalid_request_error",
    code: "invalid_api_key",
  };
}
