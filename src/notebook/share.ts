/**
 * Share links: a cell's edited code travels in the URL fragment (never sent
 * to a server), deflated and base64url-encoded, one entry per cell id:
 *
 *   /playground/#nb.handshake-acks=1.<base64url(deflate-raw(utf8 code))>
 *
 * The leading "1." versions the encoding. Anything that does not decode
 * cleanly is reported as a ShareError and the cell keeps its original code.
 */

export const SHARE_PREFIX = "nb.";
const VERSION = "1.";
/** Longest code a link may carry once decoded (characters). */
export const MAX_SHARED_CHARS = 100_000;

export class ShareError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ShareError";
  }
}

export function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) throw new ShareError("not base64url text");
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (text.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

async function pipe(
  bytes: Uint8Array,
  stream: CompressionStream | DecompressionStream,
  limit: number,
): Promise<Uint8Array> {
  const writer = stream.writable.getWriter();
  void writer.write(bytes as Uint8Array<ArrayBuffer>).catch(() => undefined);
  void writer.close().catch(() => undefined);
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = stream.readable.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    // Stop a "zip bomb" early rather than inflating it all.
    if (total > limit) {
      await reader.cancel();
      throw new ShareError("the shared code is too long");
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

export async function encodeCode(code: string): Promise<string> {
  const deflated = await pipe(new TextEncoder().encode(code), new CompressionStream("deflate-raw"), Infinity);
  return VERSION + toBase64Url(deflated);
}

/** Decodes a share payload; throws ShareError with a short reason on anything malformed. */
export async function decodeCode(payload: string): Promise<string> {
  if (!payload.startsWith(VERSION)) throw new ShareError("unknown link format");
  const bytes = fromBase64Url(payload.slice(VERSION.length));
  if (bytes.length === 0) throw new ShareError("the link carries no code");
  let inflated: Uint8Array;
  try {
    inflated = await pipe(bytes, new DecompressionStream("deflate-raw"), MAX_SHARED_CHARS * 4);
  } catch (error) {
    if (error instanceof ShareError) throw error;
    throw new ShareError("the compressed data is damaged");
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(inflated);
  } catch {
    throw new ShareError("the code is not valid UTF-8 text");
  }
  if (text.length > MAX_SHARED_CHARS) throw new ShareError("the shared code is too long");
  return text;
}

/** Cell id → payload, from a URL fragment ("#nb.a=…&nb.b=…"); other fragment content is ignored. */
export function readShareFragment(hash: string): Map<string, string> {
  const out = new Map<string, string>();
  const body = hash.startsWith("#") ? hash.slice(1) : hash;
  if (!body.includes(SHARE_PREFIX)) return out;
  for (const part of body.split("&")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const key = part.slice(0, eq);
    if (key.startsWith(SHARE_PREFIX)) out.set(key.slice(SHARE_PREFIX.length), part.slice(eq + 1));
  }
  return out;
}

/** The fragment with one cell's entry set (payload) or removed (null); other entries are kept. */
export function writeShareFragment(hash: string, cellId: string, payload: string | null): string {
  const entries = readShareFragment(hash);
  if (payload === null) entries.delete(cellId);
  else entries.set(cellId, payload);
  const parts = [...entries].map(([id, p]) => `${SHARE_PREFIX}${id}=${p}`);
  return parts.length ? `#${parts.join("&")}` : "";
}

/** Cell ids become part of the fragment and of storage keys: keep them to a safe alphabet. */
export function isValidCellId(id: string): boolean {
  return /^[a-z0-9][a-z0-9-]{0,63}$/.test(id);
}
