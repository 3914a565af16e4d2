// A tiny i18n: a signal holds the locale, t() looks a key up in it and falls back to Dutch.
import { signal } from '@preact/signals';
import type { Locale } from '../../../core/types.js';
import * as core from './messages.js';
import * as report from './messages.report.js';
import * as staff from './messages.staff.js';
import * as integration from './messages.integration.js';

// One message table per feature, so features can grow their words without touching each other's.
const nl = { ...core.nl, ...report.nl, ...staff.nl, ...integration.nl };
const en = { ...core.en, ...report.en, ...staff.en, ...integration.en };
export type MessageKey = keyof typeof nl;

const STORAGE_KEY = 'zelftoets:locale';
const catalogs: Record<Locale, Partial<Record<MessageKey, string>>> = { nl, en };
export const messageTables = { nl, en };

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
  return format(catalogs[locale.value][key] ?? nl[key] ?? key, params);
}

/** A text from content ({ nl, en }) in the current locale, falling back to Dutch. */
export function tc(text: { nl: string; en: string } | undefined): string {
  return text ? text[locale.value] || text.nl : '';
}
