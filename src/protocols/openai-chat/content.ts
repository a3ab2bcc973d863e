/** Message content: a string or typed parts (`text`, `image_url`) ⇄ IR text and image parts. */
import { imageOfURL, urlOfImage } from "../images";
import { invalid, type IRImagePart, type IRTextPart } from "../ir";
import { isObject, object, string } from "../json";

export type ContentPart = IRTextPart | IRImagePart;

export interface WireTextPart {
  type: "text";
  text: string;
}

export interface WireImagePart {
  type: "image_url";
  image_url: { url: string };
}

/**
 * Decodes `content`. `allowed` lists the part types the role accepts; an empty string has no parts.
 * Assistant `refusal` parts read as text, since the IR has no refusal part.
 */
export function decodeContent(content: unknown, path: string, allowed: readonly string[]): ContentPart[] {
  if (typeof content === "string") return content === "" ? [] : [{ type: "text", text: content }];
  if (!Array.isArray(content)) throw invalid(`${path} must be a string or an array of parts`);
  return content.map((raw, j) => {
    const p = object(raw, `${path}[${j}]`);
    const type = string(p.type, `${path}[${j}].type`);
    if (!allowed.includes(type)) throw invalid(`${path}[${j}].type "${type}" is not supported here`);
    if (type === "text") return { type: "text", text: string(p.text, `${path}[${j}].text`) };
    if (type === "refusal") return { type: "text", text: string(p.refusal, `${path}[${j}].refusal`) };
    // Some clients send `image_url` as the bare URL string.
    const url = isObject(p.image_url) ? p.image_url.url : p.image_url;
    return { type: "image", source: imageOfURL(string(url, `${path}[${j}].image_url.url`)) };
  });
}

/** One text part reads as a plain string, as clients usually send it; anything else as parts. */
export function encodeContent(parts: ContentPart[]): string | (WireTextPart | WireImagePart)[] {
  if (parts.length === 0) return "";
  if (parts.length === 1 && parts[0].type === "text") return parts[0].text;
  return parts.map((p) =>
    p.type === "text" ? { type: "text", text: p.text } : { type: "image_url", image_url: { url: urlOfImage(p.source) } },
  );
}
