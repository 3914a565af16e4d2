// Resume tokens live in this browser's localStorage, keyed by response id. The server keeps only
// their hashes; the resume link carries them in the URL fragment, which browsers never send.
import { linkTo } from './links.js';

const PREFIX = 'zelftoets:response:';
const LAST = 'zelftoets:last';

export interface Stored {
  id: string;
  token: string;
  title?: { nl: string; en: string };
  submitted?: boolean;
  /** The part of the test last shown on this device, to reopen there. */
  section?: string;
  /** Set when this response is a re-take started on this device. */
  retake?: { attempt: number; basedOn: string };
}

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

// Kept in memory too, so a browser that blocks storage still works for this page's life.
const memory = new Map<string, Stored>();

export function remember(entry: Stored) {
  memory.set(entry.id, entry);
  const s = storage();
  s?.setItem(PREFIX + entry.id, JSON.stringify(entry));
  s?.setItem(LAST, entry.id);
}

export function recall(id: string): Stored | null {
  const raw = storage()?.getItem(PREFIX + id);
  if (raw) {
    try {
      return JSON.parse(raw) as Stored;
    } catch {
      /* corrupt entry: fall through */
    }
  }
  return memory.get(id) ?? null;
}

/** Keeps the part last shown, without touching anything else stored for the response. */
export function rememberSection(id: string, section: string) {
  const entry = recall(id);
  if (entry && entry.section !== section) remember({ ...entry, section });
}

export function lastResponse(): Stored | null {
  const id = storage()?.getItem(LAST);
  return id ? recall(id) : null;
}

export function forget(id: string) {
  memory.delete(id);
  const s = storage();
  s?.removeItem(PREFIX + id);
  if (s?.getItem(LAST) === id) s.removeItem(LAST);
}

/** Reads "#<id>.<token>" from a resume link. */
export function parseResumeFragment(hash: string): { id: string; token: string } | null {
  const m = /^#?([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/.exec(hash.trim());
  return m ? { id: m[1], token: m[2] } : null;
}

export function resumeUrl(id: string, token: string): string {
  return linkTo(`/resume#${id}.${token}`);
}
