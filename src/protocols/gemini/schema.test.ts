import { expect, test } from "bun:test";
import { fromGeminiSchema, hasNoProperties, toGeminiSchema } from "./schema";

test("drops keywords Gemini rejects, recursively", () => {
  const schema = {
    $schema: "http://json-schema.org/draft-07/schema#",
    $id: "weather",
    type: "object",
    additionalProperties: false,
    properties: {
      days: { type: "integer", exclusiveMinimum: 0, exclusiveMaximum: 15, minimum: 1 },
      tags: { type: "array", items: { type: "string", additionalProperties: false, format: "uri" } },
    },
    required: ["days", "ghost"],
  };
  expect(toGeminiSchema(schema)).toEqual({
    type: "OBJECT",
    properties: {
      days: { type: "INTEGER", minimum: 1 },
      tags: { type: "ARRAY", items: { type: "STRING" } },
    },
    required: ["days"],
  });
});

test("const becomes a one-value enum and [X, null] becomes nullable X", () => {
  expect(toGeminiSchema({ type: "object", properties: { kind: { const: "city" }, note: { type: ["string", "null"] } } })).toEqual({
    type: "OBJECT",
    properties: { kind: { enum: ["city"] }, note: { type: "STRING", nullable: true } },
  });
});

test("anyOf with null collapses to a nullable schema; oneOf becomes anyOf", () => {
  expect(toGeminiSchema({ anyOf: [{ type: "string" }, { type: "null" }] })).toEqual({ type: "STRING", nullable: true });
  expect(toGeminiSchema({ oneOf: [{ type: "string" }, { type: "number" }] })).toEqual({
    anyOf: [{ type: "STRING" }, { type: "NUMBER" }],
  });
});

test("inlines $ref definitions and cuts recursion", () => {
  const schema = {
    type: "object",
    properties: { home: { $ref: "#/$defs/Place" }, node: { $ref: "#/definitions/Node" }, lost: { $ref: "#/$defs/Nope" } },
    $defs: { Place: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } },
    definitions: { Node: { type: "object", properties: { next: { $ref: "#/definitions/Node" } } } },
  };
  expect(toGeminiSchema(schema)).toEqual({
    type: "OBJECT",
    properties: {
      home: { type: "OBJECT", properties: { city: { type: "STRING" } }, required: ["city"] },
      node: { type: "OBJECT", properties: { next: {} } },
      lost: {},
    },
  });
});

test("allOf merges its members", () => {
  const schema = { allOf: [{ type: "object", properties: { a: { type: "string" } }, required: ["a"] }, { properties: { b: { type: "number" } } }] };
  expect(toGeminiSchema(schema)).toEqual({
    type: "OBJECT",
    properties: { a: { type: "STRING" }, b: { type: "NUMBER" } },
    required: ["a"],
  });
});

test("keeps formats Gemini supports and drops the rest", () => {
  expect(toGeminiSchema({ type: "string", format: "date-time" })).toEqual({ type: "STRING", format: "date-time" });
  expect(toGeminiSchema({ type: "number", format: "double" })).toEqual({ type: "NUMBER", format: "double" });
  expect(toGeminiSchema({ type: "string", format: "email" })).toEqual({ type: "STRING" });
});

test("an object without properties is recognised so callers can omit it", () => {
  expect(hasNoProperties(toGeminiSchema({ type: "object", properties: {}, additionalProperties: false }))).toBe(true);
  expect(hasNoProperties(toGeminiSchema({ type: "object", properties: { a: { type: "string" } } }))).toBe(false);
});

test("Gemini schema reads back as JSON Schema", () => {
  expect(
    fromGeminiSchema({
      type: "OBJECT",
      propertyOrdering: ["a", "b"],
      properties: { a: { type: "STRING", format: "enum", enum: ["x"], nullable: true }, b: { type: "ARRAY", items: { type: "INTEGER" } } },
    }),
  ).toEqual({
    type: "object",
    properties: { a: { type: ["string", "null"], enum: ["x"] }, b: { type: "array", items: { type: "integer" } } },
  });
});
