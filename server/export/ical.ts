// A minimal iCalendar (RFC 5545) writer: a VCALENDAR of all-day VEVENTs. Small enough to check
// against the RFC by eye, which a library for three properties would not make easier.
// - Text values escape backslash, semicolon, comma and newlines (3.3.11).
// - Content lines end in CRLF and are folded at 75 octets, never inside a UTF-8 character; a
//   continuation line starts with one space, which counts towards its 75 (3.1).

export interface AllDayEvent {
  uid: string;
  /** When this entry was last changed, ISO 8601. */
  stamp: string;
  /** YYYY-MM-DD */
  date: string;
  summary: string;
  description: string;
  cancelled?: boolean;
}

export const escapeText = (s: string) => s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r\n|\r|\n/g, '\\n');

export function fold(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch);
    if (octets + size > 75) {
      parts.push(current);
      current = ' ';
      octets = 1;
    }
    current += ch;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n');
}

const basicDate = (d: string) => d.replace(/-/g, '');
const basicStamp = (iso: string) => new Date(iso).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
function nextDay(d: string): string {
  const t = new Date(`${d}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + 1);
  return t.toISOString().slice(0, 10);
}

export function calendar(name: string, events: AllDayEvent[]): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Publieke Waarden Zelftoets//Action plan//EN', 'CALSCALE:GREGORIAN', `X-WR-CALNAME:${escapeText(name)}`];
  for (const e of events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${e.uid}`,
      `DTSTAMP:${basicStamp(e.stamp)}`,
      `DTSTART;VALUE=DATE:${basicDate(e.date)}`,
      // DTEND is exclusive: an all-day event on one date ends the next day. After 9999-12-31 there is no
      // date to write; without DTEND an all-day event lasts one day (RFC 5545, 3.6.1), which is the same.
      ...(e.date < '9999-12-31' ? [`DTEND;VALUE=DATE:${basicDate(nextDay(e.date))}`] : []),
      `SUMMARY:${escapeText(e.summary)}`,
      `DESCRIPTION:${escapeText(e.description)}`,
      'TRANSP:TRANSPARENT',
      ...(e.cancelled ? ['STATUS:CANCELLED'] : []),
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return lines.map(fold).join('\r\n') + '\r\n';
}
