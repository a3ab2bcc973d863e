/** Small network pieces: what Octopus's own fetches (catalog, model lists) share, and who a peer is. */

/** The body as text, or undefined once it passes `maxBytes` (read no further). */
export async function readCapped(response: Response, maxBytes: number): Promise<string | undefined> {
  if (Number(response.headers.get("content-length") ?? 0) > maxBytes) {
    await response.body?.cancel();
    return undefined;
  }
  if (!response.body) return "";
  const decoder = new TextDecoder();
  let text = "";
  let total = 0;
  for await (const chunk of response.body) {
    total += chunk.byteLength;
    if (total > maxBytes) return undefined;
    text += decoder.decode(chunk, { stream: true });
  }
  return text + decoder.decode();
}

/** Why a fetch failed, by the error's kind or code only: runtime messages may quote the URL. */
export function networkErrorReason(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) return `timed out after ${timeoutMs} ms`;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && /^[A-Za-z_]+$/.test(code)) return `network error (${code})`;
  return `network error (${error instanceof Error ? error.name : "unknown"})`;
}

/** 127.0.0.0/8, ::1, and IPv4 loopback written as IPv6: a peer on this machine. */
export const isLoopback = (address: string) => /^(127\.|::ffff:127\.)/.test(address) || address === "::1";
