/** Images as URLs: the OpenAI formats carry a base64 image as a data URL, the others as fields. */
import type { IRImageSource } from "./ir";

const DATA_URL = /^data:([^;,]+);base64,(.*)$/s;

/** A URL → an image source; a base64 data URL becomes a base64 source. */
export function imageOfURL(url: string): IRImageSource {
  const m = DATA_URL.exec(url);
  return m ? { kind: "base64", mediaType: m[1], data: m[2] } : { kind: "url", url };
}

export const urlOfImage = (source: IRImageSource): string =>
  source.kind === "url" ? source.url : `data:${source.mediaType};base64,${source.data}`;
