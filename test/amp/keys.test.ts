/**
 * Where the operator's Amp key comes from, as the mock Amp server receives it: the first source
 * that has one of `ampcode.upstream_api_key`, `AMP_API_KEY`, and `$HOME/.local/share/amp/
 * secrets.json` (the entry of the configured Amp server), the file read again when it changes.
 */
import { describe, expect, test } from "bun:test";
import { bearer, call, startAmp, writeAmpSecrets, type Amp } from "./stage";

const CONFIG_KEY = "sgamp_user_from_config_000000000000";
const ENV_KEY = "sgamp_user_from_env_00000000000000000";
const FILE_KEY = "sgamp_user_from_file_0000000000000000";

/** Runs `body` against Octopus whose mock Amp server accepts `accepts`, then stops both. */
async function withAmp(env: Record<string, string>, accepts: string, body: (amp: Amp) => Promise<void>) {
  const amp = await startAmp(env, accepts);
  try {
    await body(amp);
  } finally {
    await amp.stop();
  }
}

/** One proxied call; the key the Amp server was sent, and the answer's status. */
async function keySent(amp: Amp): Promise<{ status: number; sent?: string }> {
  const response = await call(amp, "/api/user", { headers: bearer(amp.key) });
  await response.body?.cancel();
  return { status: response.status, sent: amp.mock.calls.at(-1)?.headers.authorization };
}

/** The file as `amp login` leaves it after signing in to the mock, and to ampcode.com with another key. */
const secretsFor = (amp: Amp, key: string) => ({ [`apiKey@${amp.upstream}/`]: key, "apiKey@https://ampcode.com/": "sgamp_user_other_server_0000000000" });

describe("the operator's Amp key", () => {
  test("the configured key comes first, before AMP_API_KEY and the secrets file", () =>
    withAmp({ OCTOPUS_AMPCODE_UPSTREAM_API_KEY: CONFIG_KEY, AMP_API_KEY: ENV_KEY }, CONFIG_KEY, async (amp) => {
      writeAmpSecrets(amp.home, secretsFor(amp, FILE_KEY));
      expect(await keySent(amp)).toEqual({ status: 200, sent: `Bearer ${CONFIG_KEY}` });
    }));

  test("without one, AMP_API_KEY comes before the secrets file", () =>
    withAmp({ OCTOPUS_AMPCODE_UPSTREAM_API_KEY: "", AMP_API_KEY: ENV_KEY }, ENV_KEY, async (amp) => {
      writeAmpSecrets(amp.home, secretsFor(amp, FILE_KEY));
      expect(await keySent(amp)).toEqual({ status: 200, sent: `Bearer ${ENV_KEY}` });
    }));

  test("last, the secrets file's entry for the Amp server, read again once the file changes", () =>
    withAmp({ OCTOPUS_AMPCODE_UPSTREAM_API_KEY: "" }, FILE_KEY, async (amp) => {
      // Written after start: the file is looked at per call.
      writeAmpSecrets(amp.home, secretsFor(amp, FILE_KEY));
      expect(await keySent(amp)).toEqual({ status: 200, sent: `Bearer ${FILE_KEY}` });
      expect(await keySent(amp)).toEqual({ status: 200, sent: `Bearer ${FILE_KEY}` });

      // A new `amp login`: the next call sends the new key (which this mock refuses, as Amp would).
      const renewed = FILE_KEY.replace("file", "renewed");
      writeAmpSecrets(amp.home, secretsFor(amp, renewed));
      expect(await keySent(amp)).toEqual({ status: 401, sent: `Bearer ${renewed}` });

      // Only another server's entry, then a file that is not JSON: no key, no call.
      const calls = amp.mock.calls.length;
      for (const content of [{ "apiKey@https://ampcode.com/": FILE_KEY }, "{ not json"]) {
        writeAmpSecrets(amp.home, content);
        const response = await call(amp, "/api/user", { headers: bearer(amp.key) });
        expect(response.status).toBe(503);
        expect(await response.text()).not.toContain(FILE_KEY);
      }
      expect(amp.mock.calls.length).toBe(calls);
    }));
});
