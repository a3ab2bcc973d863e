/**
 * Freeform (`custom`) tools as the IR carries them: a function whose one required string
 * parameter, `input`, holds the text the client's tool takes (see `IRTool.freeform` in ir.ts).
 */
import { argumentsObject, object, optional, string, type JSONObject } from "../json";

/** The function's parameters; a grammar the text must follow becomes the description of `input`. */
export function freeformParameters(value: unknown, field: string): JSONObject {
  const format = optional(value, field, object);
  const input: JSONObject = { type: "string" };
  if (format?.type === "grammar") {
    const syntax = string(format.syntax, `${field}.syntax`);
    input.description = `The text, in this ${syntax} grammar:\n${string(format.definition, `${field}.definition`)}`;
  }
  return { type: "object", properties: { input }, required: ["input"] };
}

export const freeformArguments = (input: string): string => JSON.stringify({ input });

/** The text of a freeform call: its `input`, or else its arguments as they are (a channel that answered off-schema). */
export function freeformInput(args: string): string {
  const input = argumentsObject(args)?.input;
  return typeof input === "string" ? input : args;
}

const HEAD = /^\s*\{\s*"input"\s*:\s*"/;

/**
 * A freeform call's text as its JSON arguments stream in: each push gives the `input` text whose
 * escapes are complete so far. Arguments of another shape give nothing: their text comes whole
 * from `freeformInput` once the call ends.
 */
export class FreeformStream {
  private json = "";
  /** Where the unread part of the string value starts; 0 before its opening quote is seen. */
  private at = 0;
  private ended = false;
  /** The text given so far. */
  text = "";

  push(chunk: string): string {
    this.json += chunk;
    if (this.ended) return "";
    if (this.at === 0) this.at = HEAD.exec(this.json)?.[0].length ?? 0;
    if (this.at === 0) return "";
    let end = this.at;
    while (end < this.json.length && this.json[end] !== '"') {
      const step = this.json[end] !== "\\" ? 1 : this.json[end + 1] === "u" ? 6 : 2;
      if (end + step > this.json.length) break;
      end += step;
    }
    this.ended = this.json[end] === '"';
    let text: string;
    try {
      text = JSON.parse(`"${this.json.slice(this.at, end)}"`);
    } catch {
      this.ended = true; // not valid JSON text: left to `freeformInput`
      return "";
    }
    this.at = end;
    this.text += text;
    return text;
  }
}
