// Files a startup sends with an answer. The type is decided by the content (magic bytes), never by the
// name or the Content-Type the client sent, so an HTML page renamed to .pdf is refused; and every file
// is served back as a download (see downloadHeaders), so none can render or run in the app's origin.
import type { FileType } from '../repositories/clarifications.js';

/** The largest file accepted: 5 MB. The upload route's bodyLimit stops reading past it. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

const SIGNATURES: Array<{ type: FileType; bytes: number[]; ext: string }> = [
  { type: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], ext: 'pdf' }, // %PDF-
  { type: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], ext: 'png' },
  { type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff], ext: 'jpg' },
];

/** The file's type by its first bytes; null for anything but PDF, PNG and JPEG. */
export function sniffType(content: Buffer): FileType | null {
  const hit = SIGNATURES.find((s) => content.length >= s.bytes.length && s.bytes.every((b, i) => content[i] === b));
  return hit?.type ?? null;
}

export const extensionOf = (type: FileType) => SIGNATURES.find((s) => s.type === type)!.ext;

/**
 * A file name safe in a header and on any disk: letters, digits, dot, dash and underscore, at most
 * 80 characters, with the extension of the type the content has (whatever the name claimed).
 */
export function safeFileName(given: string | undefined, type: FileType): string {
  let decoded = given ?? '';
  try {
    decoded = decodeURIComponent(decoded);
  } catch {
    // A name that is not valid percent-encoding is used as sent; it is cleaned below either way.
  }
  const base = decoded.replace(/\.[A-Za-z0-9]{1,5}$/, '').normalize('NFKD').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '').slice(0, 70);
  return `${base || 'bestand'}.${extensionOf(type)}`;
}

/**
 * Headers for serving a stored file: always an attachment with the stored type, never sniffed, in a
 * sandbox without any source should a browser render it anyway, and never cached.
 */
export function downloadHeaders(file: { name: string; content_type: FileType; size: number }): Record<string, string> {
  return {
    'content-type': file.content_type,
    'content-disposition': `attachment; filename="${file.name}"`,
    'x-content-type-options': 'nosniff',
    'content-security-policy': "sandbox; default-src 'none'",
    'cache-control': 'no-store',
  };
}

/** Links in an answer or request: http(s) only, no credentials, at most MAX_LINKS of MAX_LINK_LENGTH. */
export const MAX_LINKS = 5;
export const MAX_LINK_LENGTH = 500;
export function invalidLink(links: readonly string[]): string | null {
  for (const link of links) {
    let url: URL;
    try {
      url = new URL(link);
    } catch {
      return link;
    }
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password || !url.hostname) return link;
  }
  return null;
}
