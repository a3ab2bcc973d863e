/** The platforms a release ships, their binary names, and the npm package of Bun's runtime for each. */

export interface Target {
  /** `linux-x64`: the binary is `octopus-linux-x64` (`.exe` on Windows). */
  name: string;
  /** Bun's `--target`. */
  bun: string;
  /** The npm package holding Bun's executable for the platform (the version is the building Bun's). */
  runtimePackage: string;
  windows: boolean;
}

const target = (os: string, arch: "x64" | "arm64"): Target => ({
  name: `${os}-${arch}`,
  bun: `bun-${os}-${arch}`,
  runtimePackage: `@oven/bun-${os}-${arch === "arm64" ? "aarch64" : "x64"}`,
  windows: os === "windows",
});

export const TARGETS: readonly Target[] = [
  target("linux", "x64"),
  target("linux", "arm64"),
  target("darwin", "x64"),
  target("darwin", "arm64"),
  target("windows", "x64"),
];

export const binaryName = (t: Target) => `octopus-${t.name}${t.windows ? ".exe" : ""}`;

/** This machine's target, or undefined when no release is built for it. */
export function hostTarget(): Target | undefined {
  const os = process.platform === "win32" ? "windows" : process.platform;
  return TARGETS.find((t) => t.name === `${os}-${process.arch}`);
}
