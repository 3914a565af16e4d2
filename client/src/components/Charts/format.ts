import { locale, t, type MessageKey } from '../../i18n/i18n.js';

export function formatScore(x: number | null): string {
  return x === null ? t('report.notScored') : x.toLocaleString(locale.value === 'nl' ? 'nl-NL' : 'en-GB', { maximumFractionDigits: 1 });
}

/** A fraction (0-1) as a percentage with at most one decimal, in the reader's notation: "23,3" in Dutch. */
export function formatPercent(fraction: number): string {
  return (Math.round(fraction * 1000) / 10).toLocaleString(locale.value === 'nl' ? 'nl-NL' : 'en-GB', { maximumFractionDigits: 1 });
}

export function formatChange(x: number | null | undefined): string {
  if (x === null || x === undefined) return '';
  const n = formatScore(Math.abs(x));
  return x > 0 ? `+${n}` : x < 0 ? `−${n}` : '±0';
}

export function statusLabel(status: string): string {
  return t(`status.${status}` as MessageKey);
}

export function profileLabel(profile: string): string {
  return t(`report.profile.${profile}` as MessageKey);
}
