import { locale, t } from '../i18n/i18n.js';

/** What this device knows of a re-take: which attempt it is and when the answers it copied were submitted. */
export interface RetakeOf {
  attempt: number;
  basedOn: string;
}

export function retakeLabel(r: RetakeOf): string {
  const date = new Intl.DateTimeFormat(locale.value === 'nl' ? 'nl-NL' : 'en-GB', { dateStyle: 'long' }).format(new Date(r.basedOn));
  return t('test.retakeOf', { n: r.attempt, date });
}
