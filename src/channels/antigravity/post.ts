/** The authorize step's own calls (the token exchange, project discovery): bounded in time and size, failures as AuthorizeError. */
import { networkErrorReason, readCapped } from "../../net";
import { redact } from "../../secrets";
import { AuthorizeError } from "../target";

/** Each call's own bound, whoever waits for it (it may be shared: see SharedFetches). */
export const CALL_TIMEOUT_MS = 30_000;
const MAX_BYTES = 1024 * 1024;

export interface Answer {
  status: number;
  /** The body parsed as JSON; undefined when it is not JSON. */
  json: unknown;
  text: string;
}

/** `what` names the call in messages. Anything but a network failure or an oversized answer is returned, whatever its status. */
export async function post(what: string, url: string, init: { headers: Record<string, string>; body: string; proxy?: string }): Promise<Answer> {
  let response: Response;
  let text: string | undefined;
  try {
    response = await fetch(url, { method: "POST", ...init, redirect: "manual", signal: AbortSignal.timeout(CALL_TIMEOUT_MS), ...(init.proxy && { proxy: init.proxy }) });
    text = await readCapped(response, MAX_BYTES);
  } catch (error) {
    throw new AuthorizeError(`${what} failed: ${networkErrorReason(error, CALL_TIMEOUT_MS)}`, 502);
  }
  if (text === undefined) throw new AuthorizeError(`${what} answered more than ${MAX_BYTES} bytes`, 502);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {}
  return { status: response.status, json, text };
}

/** The status an authorize failure carries for an answer's: refusals (400, 401, 403) refuse the key; 429 and 5xx stay what they are. */
export const refusalStatus = (status: number) => (status === 429 || status >= 500 ? status : status === 403 ? 403 : 401);

/** A provider's words, on one line, short, with `secrets` masked. */
export function providerWords(text: string, secrets: string[]): string {
  const line = redact(text, secrets).replace(/\s+/g, " ").trim();
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}
