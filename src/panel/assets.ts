/**
 * The panel's files: each URL path ("/index.html", "/assets/index-AbC123.js") maps to a file
 * path that Bun.file reads, embedded in the binary or in ui/dist of a clone. Bodies are read once,
 * compressed once per encoding on first demand, and kept in memory.
 */
import { readdirSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { brotliCompressSync, constants } from "node:zlib";

/** URL path → file path. */
export type PanelFiles = Record<string, string>;

export type Encoding = "br" | "gzip";

/** Types worth compressing; fonts and images are compressed already. */
const COMPRESSIBLE = /^(text\/|application\/(javascript|json|xml|manifest\+json|wasm)|image\/svg\+xml)/;

type Bytes = Uint8Array<ArrayBuffer>;

export interface Asset {
  type: string;
  raw: Bytes;
  /** Per encoding: the compressed body, or null when compressing does not make it smaller. */
  encoded: Partial<Record<Encoding, Bytes | null>>;
}

/** Both at their best ratio: each file is compressed once. */
export const compress = (encoding: Encoding, raw: Bytes): Bytes =>
  encoding === "gzip" ? Bun.gzipSync(raw, { level: 9 }) : new Uint8Array(brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));

export class AssetCache {
  private loaded = new Map<string, Promise<Asset>>();

  constructor(private readonly files: PanelFiles) {}

  has(path: string) {
    return Object.hasOwn(this.files, path);
  }

  get(path: string): Promise<Asset> {
    let asset = this.loaded.get(path);
    if (!asset) {
      const file = Bun.file(this.files[path]);
      asset = file.bytes().then((raw) => ({ type: file.type, raw, encoded: {} }));
      this.loaded.set(path, asset);
    }
    return asset;
  }
}

/** The body to send for `accepted` encodings (best first), and its encoding if any. */
export function bodyFor(asset: Asset, accepted: Encoding[]): { body: Bytes; encoding?: Encoding } {
  if (!COMPRESSIBLE.test(asset.type)) return { body: asset.raw };
  for (const encoding of accepted) {
    if (asset.encoded[encoding] === undefined) {
      const compressed = compress(encoding, asset.raw);
      asset.encoded[encoding] = compressed.byteLength < asset.raw.byteLength ? compressed : null;
    }
    const body = asset.encoded[encoding];
    if (body) return { body, encoding };
  }
  return { body: asset.raw };
}

/** The encodings an `accept-encoding` header allows, brotli first; `q=0` refuses one. */
export function acceptedEncodings(header: string | null): Encoding[] {
  if (!header) return [];
  const allowed = new Set<string>();
  const refused = new Set<string>();
  for (const part of header.toLowerCase().split(",")) {
    const [name, ...params] = part.split(";").map((p) => p.trim());
    const q = params.find((p) => p.startsWith("q="));
    (q && !(Number(q.slice(2)) > 0) ? refused : allowed).add(name);
  }
  return (["br", "gzip"] as const).filter((e) => !refused.has(e) && (allowed.has(e) || allowed.has("*")));
}

/** The files of a built panel folder (ui/dist), as URL paths; dot folders (Vite's manifest) left out. */
export function listPanelFiles(dir: string): PanelFiles {
  const files: PanelFiles = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    const url = "/" + relative(dir, path).split(sep).join("/");
    if (entry.isFile() && !url.split("/").some((part) => part.startsWith("."))) files[url] = path;
  }
  return files;
}
