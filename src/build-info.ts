/**
 * What this program is: its version, and for a binary from build.ts the commit, the build date and
 * the GitHub repository its releases come from (injected with `--define`; absent when run from sources).
 */
import { version } from "../package.json";

declare const __OCTOPUS_COMMIT__: string | undefined;
declare const __OCTOPUS_BUILD_DATE__: string | undefined;
declare const __OCTOPUS_REPOSITORY__: string | undefined;

export const BUILD = {
  version,
  /** Empty when run from source, as is the date. */
  commit: typeof __OCTOPUS_COMMIT__ === "string" ? __OCTOPUS_COMMIT__ : "",
  date: typeof __OCTOPUS_BUILD_DATE__ === "string" ? __OCTOPUS_BUILD_DATE__ : "",
  /** `owner/name` on GitHub; empty when the build did not know it. */
  repository: typeof __OCTOPUS_REPOSITORY__ === "string" ? __OCTOPUS_REPOSITORY__ : "",
  platform: `${process.platform === "win32" ? "windows" : process.platform}-${process.arch}`,
};

/** `octopus version`: one line a bug report can quote. */
export const versionLine = () =>
  `octopus ${BUILD.version} (${BUILD.commit ? `commit ${BUILD.commit}, built ${BUILD.date}` : "run from source"}, ${BUILD.platform})`;
