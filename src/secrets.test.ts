import { afterEach, describe, expect, spyOn, test } from "bun:test";
import { Database } from "bun:sqlite";
import { DrizzleQueryError } from "drizzle-orm/errors";
import { loggableError } from "./db/errors";
import { log } from "./log";
import { maskSecret, redact, setKnownSecrets } from "./secrets";

const owner = {};
afterEach(() => setKnownSecrets(owner, []));

describe("redact", () => {
  test("masks configured secrets, longest first, and leaves short ones and ordinary words alone", () => {
    setKnownSecrets(owner, ["plain-secret-one", "plain-secret-one-longer", "short"]);
    expect(redact("a plain-secret-one-longer and a plain-secret-one, short")).toBe(
      `a ${maskSecret("plain-secret-one-longer")} and a ${maskSecret("plain-secret-one")}, short`,
    );
    setKnownSecrets(owner, []);
    expect(redact("a plain-secret-one")).toBe("a plain-secret-one");
  });

  test("each owner's secrets count until it replaces them", () => {
    const other = {};
    setKnownSecrets(owner, ["first-owner-secret"]);
    setKnownSecrets(other, ["other-owner-secret"]);
    expect(redact("first-owner-secret other-owner-secret")).not.toContain("owner-secret");
    setKnownSecrets(other, []);
    expect(redact("other-owner-secret")).toBe("other-owner-secret");
  });

  test("masks the usual key shapes wherever they appear, and extra secrets given by the caller", () => {
    const cases = {
      "Incorrect API key provided: sk-proj-AbCdEf0123456789xyz.": `Incorrect API key provided: ${maskSecret("sk-proj-AbCdEf0123456789xyz")}.`,
      "key=AIzaSyA1234567890abcdefghijklmnopqrstu invalid": `key=${maskSecret("AIzaSyA1234567890abcdefghijklmnopqrstu")} invalid`,
      "token ya29.a0AfH6SMBx-abcdefgh expired": `token ${maskSecret("ya29.a0AfH6SMBx-abcdefgh")} expired`,
      "sent Authorization: Bearer opaque.token_value-123": `sent Authorization: Bearer ${maskSecret("opaque.token_value-123")}`,
      "GET /v1/models?alt=json&key=whatever-it-is-42": `GET /v1/models?alt=json&key=${maskSecret("whatever-it-is-42")}`,
      "jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U": `jwt ${maskSecret("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U")}`,
      "The model `gpt-4o` does not exist; task-1234 and sk-short stay": "The model `gpt-4o` does not exist; task-1234 and sk-short stay",
      "Bearer authentication is required": "Bearer authentication is required",
    };
    for (const [text, masked] of Object.entries(cases)) expect(redact(text)).toBe(masked);
    expect(redact("your key not-shaped-secret is wrong", ["not-shaped-secret"])).toBe(`your key ${maskSecret("not-shaped-secret")} is wrong`);
  });

  test("a log line never carries a configured secret, whoever passed it", () => {
    setKnownSecrets(owner, ["plain-provider-secret-77"]);
    const write = spyOn(process.stderr, "write").mockImplementation(() => true);
    log.error("upstream said plain-provider-secret-77", { detail: "again plain-provider-secret-77" });
    const line = String(write.mock.calls[0][0]);
    write.mockRestore();
    expect(line).toContain(`upstream said ${maskSecret("plain-provider-secret-77")} detail=again ${maskSecret("plain-provider-secret-77")}`);
    expect(line).not.toContain("plain-provider-secret-77");
  });
});

describe("loggableError", () => {
  test("a failed query is told by the driver's reason, without its parameters", () => {
    const client = new Database(":memory:");
    client.run("CREATE TABLE request_logs (request_body TEXT, key TEXT UNIQUE)");
    const insert = "INSERT INTO request_logs (request_body, key) VALUES (?, ?)";
    const params = ["captured prompt ".repeat(2000), "sk-provider-0123456789abcdef"];
    client.run(insert, params);
    let cause: unknown;
    try {
      client.run(insert, params);
    } catch (e) {
      cause = e;
    }
    client.close();
    // As drizzle's PostgreSQL and MySQL sessions wrap every driver error.
    const error = new DrizzleQueryError(insert, params, cause as Error);
    expect(error.message).toContain("params: captured prompt");
    expect(loggableError(error)).toBe("UNIQUE constraint failed: request_logs.key");
    expect(loggableError(new DrizzleQueryError(insert, params))).toBe("database query failed");
  });

  test("one line, bounded, secrets masked", () => {
    const long = new Error(`first line\nsecond sk-provider-0123456789abcdef ${"x".repeat(1000)}`);
    const said = loggableError(long);
    expect(said).toStartWith(`first line second ${maskSecret("sk-provider-0123456789abcdef")} xxx`);
    expect(said.length).toBeLessThanOrEqual(301);
    expect(loggableError("a thrown string")).toBe("a thrown string");
  });
});
