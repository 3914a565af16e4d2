// A tiny i18n: a signal holds the locale, t() looks a key up in it and falls back to Dutch.
import { signal } from '@preact/signals';
import type { Locale } from '../../../core/types.js';
// Named, not a namespace import: a namespace object would need a bundler helper that, shared with
// the lazy chunks' CommonJS packages, became an extra request on the first page.
import { en as coreEn, nl as coreNl } from './messages.js';
import type * as report from './messages.report.js';
import type * as staff from './messages.staff.js';
import type * as integration from './messages.integration.js';
import type * as exportsMessages from './messages.exports.js';
import type * as clarify from './messages.clarify.js';
import type * as attempts from './messages.attempts.js';
import type * as review from './messages.review.js';
import type * as decide from './messages.decide.js';
import type * as cohort from './messages.cohort.js';
import type * as accounts from './messages.accounts.js';
import type * as reminders from './messages.reminders.js';
import type * as progui from './messages.progui.js';
import type * as wire from './messages.wire.js';
import type * as docx from './messages.docx.js';
import type * as verify from './messages.verify.js';
import type * as scan from './messages.scan.js';
import type * as planMessages from './messages.plan.js';
import type * as peers from './messages.peers.js';
import type * as serve from './messages.serve.js';
import type * as programmeMessages from './messages.programme.js';
import type * as editorMessages from './messages.editor.js';

export type MessageKey = keyof typeof coreNl
  | keyof typeof report.nl | keyof typeof staff.nl | keyof typeof integration.nl | keyof typeof exportsMessages.nl | keyof typeof clarify.nl | keyof typeof attempts.nl | keyof typeof review.nl | keyof typeof decide.nl | keyof typeof cohort.nl | keyof typeof accounts.nl | keyof typeof reminders.nl | keyof typeof progui.nl | keyof typeof wire.nl | keyof typeof docx.nl | keyof typeof verify.nl | keyof typeof scan.nl | keyof typeof planMessages.nl | keyof typeof peers.nl
  | keyof typeof serve.nl | keyof typeof programmeMessages.nl | keyof typeof editorMessages.nl;

const STORAGE_KEY = 'zelftoets:locale';
// The respondent's words are always here; the report, staff and integration screens add theirs when
// their code loads (each messages.<feature>.ts registers itself), so the first page carries only what it shows.
const catalogs: Record<Locale, Partial<Record<MessageKey, string>>> = { nl: { ...coreNl }, en: { ...coreEn } };

export function registerMessages(nl: Record<string, string>, en: Record<string, string>) {
  Object.assign(catalogs.nl, nl);
  Object.assign(catalogs.en, en);
}

function initialLocale(): Locale {
  const fromUrl = new URLSearchParams(location.search).get('lang');
  if (fromUrl === 'en' || fromUrl === 'nl') return fromUrl;
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored === 'en' || stored === 'nl') return stored;
  } catch {
    // Storage may be blocked (private mode, embedded); Dutch is the default.
  }
  return 'nl';
}

export const locale = signal<Locale>(typeof location === 'undefined' ? 'nl' : initialLocale());

export function setLocale(next: Locale) {
  locale.value = next;
  document.documentElement.lang = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    /* not persisted; still switched for this page */
  }
}

export function format(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

export function t(key: MessageKey, params?: Record<string, string | number>): string {
  return format(catalogs[locale.value][key] ?? catalogs.nl[key] ?? key, params);
}

/** A text from content ({ nl, en }) in the current locale, falling back to Dutch. */
export function tc(text: { nl: string; en: string } | undefined): string {
  return text ? text[locale.value] || text.nl : '';
}
