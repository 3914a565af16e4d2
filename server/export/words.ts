// The words exports use for the codes behind them, as the screens word them: profiles as the report
// (client/src/i18n/messages.ts, report.profile.*), review status and judgements as the staff pages
// (messages.staff.ts, staff.status.* and staff.judgement.*). An unknown code stays itself.
import type { Locale } from '../../core/types.js';

export const PROFILE: Record<Locale, Record<string, string>> = {
  nl: { valuable: 'Waardevol', 'promising-with-risks': "Kansrijk, met risico's", careful: 'Zorgvuldig', starting: 'Aan het begin', incomplete: 'Onvolledig' },
  en: { valuable: 'Valuable', 'promising-with-risks': 'Promising, with risks', careful: 'Careful', starting: 'Starting out', incomplete: 'Incomplete' },
};

export const REVIEW_STATUS: Record<Locale, Record<string, string>> = {
  nl: { submitted: 'ingediend', in_review: 'in beoordeling', reviewed: 'beoordeeld' },
  en: { submitted: 'submitted', in_review: 'in review', reviewed: 'reviewed' },
};

export const JUDGEMENT: Record<Locale, Record<string, string>> = {
  nl: { positive: 'Positief', conditional: 'Positief onder voorwaarden', negative: 'Negatief' },
  en: { positive: 'Positive', conditional: 'Positive with conditions', negative: 'Negative' },
};

export const wordFor = (words: Record<Locale, Record<string, string>>, locale: Locale, code: string): string => words[locale][code] ?? code;

// The technology areas as the questionnaires title them (questionnaires/*.json), without the tool's name.
export const AREA: Record<Locale, Record<string, string>> = {
  nl: { ai: 'AI', xr: 'Immersieve technologie (XR)', quantum: 'Quantumtechnologie' },
  en: { ai: 'AI', xr: 'Immersive technology (XR)', quantum: 'Quantum technology' },
};
