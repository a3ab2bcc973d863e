/**
 * The service files in packaging/: the systemd unit checked by `systemd-analyze verify` (and its
 * hardening scored by `systemd-analyze security`), the Dockerfile by a linter, the compose file
 * parsed, the Homebrew formula rendered from a SHA256SUMS. A tool that is missing skips its check
 * and says so; the structural checks always run.
 */
import { describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseSums, renderFormula } from "../packaging/homebrew/formula";
import { binaryName, TARGETS } from "../scripts/targets";

const root = join(import.meta.dir, "..");
const read = (path: string) => readFileSync(join(root, path), "utf8");
const tool = (name: string, local?: string) => (local && Bun.which(local, { cwd: root })) || Bun.which(name);
const skipped = (what: string, why: string) => `${what} (skipped: ${why})`;

describe("systemd unit", () => {
  const unit = read("packaging/systemd/octopus.service");
  const directives = new Map(unit.split("\n").filter((l) => /^\w+=/.test(l)).map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));

  test("runs as a dedicated user in its state directory, hardened, restarted on failure, with room for thousands of streams", () => {
    expect(directives.get("User")).toBe("octopus");
    expect(directives.get("DynamicUser")).toBe("yes");
    expect(directives.get("StateDirectory")).toBe("octopus");
    expect(directives.get("WorkingDirectory")).toBe("/var/lib/octopus");
    for (const [key, value] of [["NoNewPrivileges", "yes"], ["ProtectSystem", "strict"], ["ProtectHome", "yes"], ["PrivateTmp", "yes"], ["Restart", "on-failure"]])
      expect({ key, value: directives.get(key) }).toEqual({ key, value });
    expect(Number(directives.get("LimitNOFILE"))).toBeGreaterThanOrEqual(16384);
    expect(directives.get("ExecStart")).toBe("/usr/local/bin/octopus start");
  });

  const analyze = Bun.which("systemd-analyze");
  // verify checks that ExecStart exists: a copy whose binary is this Bun.
  const copy = () => {
    const dir = mkdtempSync(join(tmpdir(), "octopus-unit-"));
    writeFileSync(join(dir, "octopus.service"), unit.replace("ExecStart=/usr/local/bin/octopus", `ExecStart=${process.execPath}`));
    return join(dir, "octopus.service");
  };
  const verifyName = "systemd-analyze verify finds nothing to say about the unit";
  test.skipIf(!analyze)(analyze ? verifyName : skipped(verifyName, "systemd-analyze is not installed"), () => {
    const run = Bun.spawnSync([analyze!, "verify", copy()], { stderr: "pipe", stdout: "pipe" });
    expect({ code: run.exitCode, output: (run.stdout.toString() + run.stderr.toString()).trim() }).toEqual({ code: 0, output: "" });
  });
  const securityName = "systemd-analyze security rates the unit's exposure OK or better (below 4.0)";
  test.skipIf(!analyze)(analyze ? securityName : skipped(securityName, "systemd-analyze is not installed"), () => {
    const run = Bun.spawnSync([analyze!, "security", "--offline=yes", "--no-pager", copy()], { stderr: "pipe", stdout: "pipe" });
    const exposure = /Overall exposure level for octopus\.service: ([\d.]+)/.exec(run.stdout.toString());
    expect(exposure).not.toBeNull();
    expect(Number(exposure![1])).toBeLessThan(4);
  });
});

describe("Docker", () => {
  const dockerfile = read("packaging/docker/Dockerfile");

  test("multi-stage, non-root, /app/data volume, port 8080, health check on /readyz", () => {
    expect(dockerfile.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(2);
    const users = [...dockerfile.matchAll(/^USER (\S+)/gm)].map((m) => m[1]);
    expect(users.at(-1)).toBe("octopus");
    expect(dockerfile).toMatch(/^VOLUME \["\/app\/data"\]$/m);
    expect(dockerfile).toMatch(/^EXPOSE 8080$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK [^\n]*\\\n\s+CMD .*127\.0\.0\.1:8080\/readyz/m);
    expect(dockerfile).toContain("build.ts --host");
  });

  // hadolint when installed; otherwise dockerfile-utils (a devDependency: the VS Code Docker extension's linter).
  const hadolint = Bun.which("hadolint");
  const utils = tool("dockerfile-utils", "node_modules/.bin/dockerfile-utils");
  const linter = hadolint ? [hadolint] : utils ? [utils, "lint"] : undefined;
  const lintName = `the Dockerfile passes ${hadolint ? "hadolint" : "dockerfile-utils lint"}`;
  test.skipIf(!linter)(linter ? lintName : skipped(lintName, "neither hadolint nor dockerfile-utils is installed"), () => {
    const run = Bun.spawnSync([...linter!, join(root, "packaging/docker/Dockerfile")], { stderr: "pipe", stdout: "pipe" });
    expect({ code: run.exitCode, output: (run.stdout.toString() + run.stderr.toString()).trim() }).toEqual({ code: 0, output: "" });
  });

  test("the linter catches a broken Dockerfile (so a pass means something)", () => {
    if (!linter) return void console.log("skipped: no Dockerfile linter installed");
    const bad = join(mkdtempSync(join(tmpdir(), "octopus-docker-")), "Dockerfile");
    writeFileSync(bad, dockerfile.replace("--interval=30s", "--interval=soon"));
    expect(Bun.spawnSync([...linter, bad], { stderr: "pipe", stdout: "pipe" }).exitCode).not.toBe(0);
  });

  test("docker-compose.yml builds that Dockerfile, keeps /app/data in a volume, publishes 8080, and carries a commented PostgreSQL variant", () => {
    const text = read("packaging/docker/docker-compose.yml");
    const compose = Bun.YAML.parse(text) as any;
    const octopus = compose.services.octopus;
    expect(octopus.build).toEqual({ context: "../..", dockerfile: "packaging/docker/Dockerfile" });
    expect(octopus.volumes).toContain("octopus-data:/app/data");
    expect(octopus.ports).toContain("8080:8080");
    expect(Object.keys(compose.volumes)).toContain("octopus-data");
    expect(text).toMatch(/^\s*# OCTOPUS_DATABASE_TYPE: postgres$/m);
    expect(text).toMatch(/^\s*# postgres:$/m);
  });
});

describe("Homebrew formula", () => {
  const sums = TARGETS.map((t, i) => `${String(i).repeat(64)}  ${binaryName(t)}`).join("\n") + "\n";

  test("installs each platform's release binary with its checksum, and runs it as a service", () => {
    const formula = renderFormula({ repository: "someone/octopus", version: "1.2.3", sums });
    for (const t of TARGETS.filter((t) => !t.windows)) {
      const url = `https://github.com/someone/octopus/releases/download/v1.2.3/${binaryName(t)}`;
      expect(formula).toContain(`url "${url}"\n      sha256 "${parseSums(sums).get(binaryName(t))}"`);
    }
    expect(formula).toMatch(/on_macos do\n    on_arm do\n      url "[^"]+darwin-arm64"/);
    expect(formula).toMatch(/on_linux do\n    on_arm do\n      url "[^"]+linux-arm64"/);
    expect(formula).toContain(`service do\n    run [opt_bin/"octopus", "start"]`);
    expect(formula).toContain(`bin.install Dir["octopus-*"].first => "octopus"`);
  });

  test("a SHA256SUMS without a platform's line is refused, not rendered with a hole", () => {
    const partial = sums.split("\n").filter((l) => !l.includes("darwin-x64")).join("\n");
    expect(() => renderFormula({ repository: "someone/octopus", version: "1.2.3", sums: partial })).toThrow("SHA256SUMS has no line for octopus-darwin-x64");
  });

  const ruby = Bun.which("ruby");
  const rubyName = "the rendered formula is valid Ruby";
  test.skipIf(!ruby)(ruby ? rubyName : skipped(rubyName, "ruby is not installed"), () => {
    const file = join(mkdtempSync(join(tmpdir(), "octopus-brew-")), "octopus.rb");
    writeFileSync(file, renderFormula({ repository: "someone/octopus", version: "1.2.3", sums }));
    expect(Bun.spawnSync([ruby!, "-c", file]).exitCode).toBe(0);
  });
});
