/** The signature helpers of ir.ts: wrapping for clients, unwrapping from clients, carriers for calls. */
import { describe, expect, test } from "bun:test";
import {
  carryCallSignatures,
  channelSignature,
  FORMATS,
  signatureFor,
  signatureForClient,
  signatureFromClient,
  type IRSignature,
} from "./ir";

const anthropic: IRSignature = { format: "anthropic", value: "ErUBCkYIBRgCIkDg+tWq5/y3PGcLZ9==" };

describe("signatureForClient and signatureFromClient", () => {
  test("a client's own format is written and read as it is", () => {
    expect(signatureForClient("anthropic", anthropic)).toBe(anthropic.value);
    expect(signatureFromClient("anthropic", anthropic.value)).toEqual({ signature: anthropic, redacted: false });
  });

  test("another format's signature is wrapped: head, origin, kind, base64 of the value", () => {
    expect(signatureForClient("openai-responses", { format: "gemini", value: "g" })).toBe("octopus1gemSZw==");
    expect(signatureForClient("gemini", { format: "openai-chat", value: "c" }, true)).toBe("octopus1oacRYw==");
    expect(signatureForClient("anthropic", { format: "openai-responses", value: "gAAAA-_x" })).toBe(
      `octopus1oarS${Buffer.from("gAAAA-_x").toString("base64")}`,
    );
  });

  test("every pair of formats round-trips, redacted or not, whatever the value holds", () => {
    const values = ["ErUBCkYIBRgCIkDg+tWq5/y3==", "gAAAAABm-_x.yz", "é ✓ \n {\"json\": true}", ""];
    for (const client of FORMATS)
      for (const format of FORMATS)
        for (const value of values)
          for (const redacted of [false, true]) {
            const wrapped = signatureForClient(client, { format, value }, redacted);
            expect(signatureFromClient(client, wrapped)).toEqual({
              signature: { format, value },
              redacted: redacted && format !== client,
            });
          }
  });

  test("a wrapped value is canonical base64, so bytes-typed SDK fields give it back unchanged", () => {
    const wrapped = signatureForClient("gemini", anthropic);
    expect(Buffer.from(wrapped, "base64").toString("base64")).toBe(wrapped);
  });

  test("the URL-safe spelling some SDKs give back unwraps too", () => {
    const wrapped = signatureForClient("gemini", anthropic);
    const urlSafe = Buffer.from(wrapped, "base64").toString("base64url");
    expect(signatureFromClient("gemini", urlSafe).signature).toEqual(anthropic);
  });

  test("a value that only looks wrapped is the client's own", () => {
    for (const value of ["octopus1xyzSZw==", "octopus1antXZw==", "octopus1antS*not base64*", "octopus.v1.anthropic.Zw"])
      expect(signatureFromClient("gemini", value)).toEqual({ signature: { format: "gemini", value }, redacted: false });
  });
});

describe("signatures bound for a channel", () => {
  test("a channel gets only its own format's signatures", () => {
    expect(channelSignature("anthropic", anthropic)).toBe(anthropic.value);
    expect(channelSignature("gemini", anthropic)).toBeUndefined();
    expect(channelSignature("gemini", undefined)).toBeUndefined();
  });

  test("signatureFor picks the channel rule or the client rule", () => {
    expect(signatureFor("gemini", "channel", anthropic)).toBeUndefined();
    expect(signatureFor("gemini", "client", anthropic, true)).toBe(signatureForClient("gemini", anthropic, true));
    expect(signatureFor("gemini", "client", undefined)).toBeUndefined();
  });
});

test("carryCallSignatures moves each call's signature to a thinking part right before it", () => {
  const gemini: IRSignature = { format: "gemini", value: "G" };
  expect(
    carryCallSignatures([
      { type: "text", text: "Let me look." },
      { type: "tool_call", id: "c1", name: "f", arguments: "{}", signature: gemini },
      { type: "tool_call", id: "c2", name: "f", arguments: "{}" },
    ]),
  ).toEqual([
    { type: "text", text: "Let me look." },
    { type: "thinking", text: "", signature: gemini },
    { type: "tool_call", id: "c1", name: "f", arguments: "{}" },
    { type: "tool_call", id: "c2", name: "f", arguments: "{}" },
  ]);
});
