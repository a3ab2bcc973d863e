import { expect, test } from "bun:test";
import { validatePassword, validateUsername } from "./account-form";

test("password: all three fields, at least 8 characters, different from the old one, confirmed", () => {
  expect(validatePassword({ old: "", next: "", confirm: "" })).toEqual({ old: "required", next: "required" });
  expect(validatePassword({ old: "admin", next: "short", confirm: "short" })).toEqual({ next: "short" });
  expect(validatePassword({ old: "longenough", next: "longenough", confirm: "longenough" })).toEqual({ next: "same" });
  expect(validatePassword({ old: "admin", next: "correct horse", confirm: "correct hose" })).toEqual({ confirm: "mismatch" });
  expect(validatePassword({ old: "admin", next: "correct horse", confirm: "correct horse" })).toEqual({});
});

test("username: a new non-empty name up to 64 characters, and the current password", () => {
  expect(validateUsername({ username: "  ", password: "" }, "admin")).toEqual({ username: "required", password: "required" });
  expect(validateUsername({ username: "admin", password: "x" }, "admin")).toEqual({ username: "same" });
  expect(validateUsername({ username: "a".repeat(65), password: "x" }, "admin")).toEqual({ username: "tooLong" });
  expect(validateUsername({ username: " ops ", password: "x" }, "admin")).toEqual({});
});
