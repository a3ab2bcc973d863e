/** Octopus with the Amp CLI proxy on, in front of its own mock Amp server, with `HOME` a fresh folder. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createAmpMock, type AmpMock } from "../mocks/amp";
import { serveLocally } from "../mocks/plumbing";
import { startTestOctopus, type TestOctopus } from "../octopus";

/** The operator's Amp key the mock accepts unless told otherwise, and the one configured. */
export const OPERATOR_KEY = "sgamp_user_operator_0123456789abcdef";

export interface Amp {
  octopus: TestOctopus;
  /** An Octopus API key. */
  key: string;
  mock: AmpMock;
  /** The mock Amp server's origin (`ampcode.upstream_url`). */
  upstream: string;
  home: string;
  stop(): Promise<void>;
}

/** `env` adds to or overrides the Amp settings; `accepts` is the key the mock Amp server takes. */
export async function startAmp(env: Record<string, string> = {}, accepts = OPERATOR_KEY): Promise<Amp> {
  const mock = createAmpMock(accepts);
  const upstream = serveLocally(mock.fetch);
  const home = mkdtempSync(join(tmpdir(), "octopus-amp-home-"));
  const octopus = await startTestOctopus({
    env: { OCTOPUS_AMPCODE_ENABLED: "true", OCTOPUS_AMPCODE_UPSTREAM_URL: upstream.origin, OCTOPUS_AMPCODE_UPSTREAM_API_KEY: OPERATOR_KEY, HOME: home, ...env },
  });
  const token = await octopus.login();
  const key = (await octopus.api("POST", "/api/v1/apikey/create", { token, body: { name: "amp" } })).body.key;
  return {
    octopus,
    key,
    mock,
    upstream: upstream.origin,
    home,
    async stop() {
      await octopus.close();
      upstream.stop();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** Writes Amp CLI's secrets file under `home` as `amp login` does: one entry per Amp server URL. */
export function writeAmpSecrets(home: string, entries: Record<string, string> | string) {
  const dir = join(home, ".local", "share", "amp");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "secrets.json"), typeof entries === "string" ? entries : JSON.stringify(entries, null, 2));
}

export const call = (amp: Amp, path: string, init: RequestInit = {}) => fetch(amp.octopus.url + path, init);
export const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
