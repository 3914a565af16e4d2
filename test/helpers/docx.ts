// Reading a .docx in tests without a library: the zip's central directory, each part inflated with
// node:zlib, and the few XML shapes the DOCX tests look at.
import { inflateRawSync } from 'node:zlib';

/** Every part of a zip by its name. Stored (0) and deflated (8) entries, which is all docx writes. */
export function unzip(zip: Buffer): Map<string, Buffer> {
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) throw new Error('not a zip: no end of central directory');
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const parts = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error('bad central directory entry');
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extra = zip.readUInt16LE(at + 30);
    const comment = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const dataAt = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(dataAt, dataAt + size);
    parts.set(name, method === 0 ? Buffer.from(data) : inflateRawSync(data));
    at += 46 + nameLength + extra + comment;
  }
  return parts;
}

const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/** The text of an XML fragment: its w:t runs joined, a w:br or w:tab as a space. */
export const textOf = (xml: string) => decode((xml.match(/<w:t(?:\s[^>]*)?>[^<]*<\/w:t>|<w:br\/>|<w:tab\/>/g) ?? [])
  .map((t) => (t.startsWith('<w:t') && !t.startsWith('<w:tab') ? t.replace(/<[^>]+>/g, '') : ' ')).join(''));

/** The paragraphs of a part in document order, each with its style (Heading1, Title, …) and text. */
export function paragraphs(xml: string): Array<{ style: string | null; text: string }> {
  return (xml.match(/<w:p(?:\s[^>]*)?>[\s\S]*?<\/w:p>/g) ?? []).map((p) => ({
    style: /<w:pStyle w:val="([^"]+)"/.exec(p)?.[1] ?? null,
    text: textOf(p),
  }));
}

/** The tables of a part: each as rows of cell texts, and whether its first row is a repeating header. */
export function tables(xml: string): Array<{ header: boolean; rows: string[][] }> {
  return (xml.match(/<w:tbl>[\s\S]*?<\/w:tbl>/g) ?? []).map((t) => {
    const rows = t.match(/<w:tr(?:\s[^>]*)?>[\s\S]*?<\/w:tr>/g) ?? [];
    return {
      header: rows.length > 0 && /<w:tblHeader\/>|<w:tblHeader w:val="(?:true|1|on)"\/>/.test(rows[0]!),
      rows: rows.map((r) => (r.match(/<w:tc>[\s\S]*?<\/w:tc>/g) ?? []).map(textOf)),
    };
  });
}

/** Opens a .docx: its parts, and the main document's XML. */
export function openDocx(docx: Buffer) {
  const parts = unzip(docx);
  const xml = (name: string) => parts.get(name)?.toString('utf8') ?? '';
  return { parts, xml, document: xml('word/document.xml') };
}
