// The words exports use for the codes behind them, as the screens word them: profiles as the report
// (client/src/i18n/messages.ts, report.profile.*), review status and judgements as the staff pages
// (messages.staff.ts, staff.status.* and staff.judgement.*). An unknown code stays itself.
import { capReason, uncappedProfile } from '../../core/report-lead.js';
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

// Why the profile is capped (docs/scoring.md step 5), as the report page says it
// (client/src/i18n/messages.report.ts, report.capped.* and report.cappedScore), for the DOCX and the CSV.
export const CAPPED: Record<Locale, Record<'knockout' | 'unknown-risk' | 'both', string> & { score: string }> = {
  nl: {
    knockout: 'Je profiel is begrensd tot “{profile}” omdat er een geschonden randvoorwaarde is: zolang die er is, borg je de randvoorwaarden niet, wat je score ook is.',
    'unknown-risk': 'Je profiel is begrensd tot “{profile}” omdat er een onbekend risico is: je weet nog niet of een randvoorwaarde geschonden is, en tot je dat hebt uitgezocht telt het alsof die niet geborgd is.',
    both: 'Je profiel is begrensd tot “{profile}” omdat er een geschonden randvoorwaarde en een onbekend risico zijn: zolang die er zijn, borg je de randvoorwaarden niet, wat je score ook is.',
    score: 'Je randvoorwaarden scoren gemiddeld {score}; zonder deze punten zou je profiel “{uncapped}” zijn.',
  },
  en: {
    knockout: 'Your profile is capped at “{profile}” because a precondition is violated: while it is, you do not safeguard the preconditions, whatever your score.',
    'unknown-risk': 'Your profile is capped at “{profile}” because there is an unknown risk: you do not yet know whether a precondition is violated, and until you have found out it counts as not safeguarded.',
    both: 'Your profile is capped at “{profile}” because a precondition is violated and there is an unknown risk: while these stand, you do not safeguard the preconditions, whatever your score.',
    score: 'Your preconditions score {score} on average; without these points your profile would be “{uncapped}”.',
  },
};

/** Fills a text's {name} placeholders; an unknown name stays as written. */
export const fill = (template: string, params: Record<string, string | number>) =>
  template.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));

/**
 * The sentences the report page puts under a capped profile: why it is capped and, when the cap
 * changed it, what the scores alone would give (core/report-lead.ts, as the page reads them). `score`
 * is P as the reader's format shows it. Empty when the profile is not capped.
 */
export function cappedSentences(report: Parameters<typeof capReason>[0] & Parameters<typeof uncappedProfile>[0], locale: Locale, score: string): string[] {
  const reason = capReason(report);
  if (!reason) return [];
  const uncapped = uncappedProfile(report);
  return [
    fill(CAPPED[locale][reason], { profile: wordFor(PROFILE, locale, report.profile) }),
    ...(uncapped ? [fill(CAPPED[locale].score, { score, uncapped: wordFor(PROFILE, locale, uncapped) })] : []),
  ];
}
