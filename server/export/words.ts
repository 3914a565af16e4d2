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

interface CappableReport {
  profile: string;
  profileCapped: boolean;
  uncappedProfile?: string;
  knockouts: unknown[];
  unknownRisks: unknown[];
}

/** Why the profile was capped (as client/src/logic/report-actions.ts capReason), or null when it was not. */
export function capReasonOf(report: CappableReport): 'knockout' | 'unknown-risk' | 'both' | null {
  if (!report.profileCapped) return null;
  const k = report.knockouts.length > 0;
  const u = report.unknownRisks.length > 0;
  return k && u ? 'both' : k ? 'knockout' : u ? 'unknown-risk' : null;
}

/**
 * The sentences the report page puts under a capped profile: why it is capped and, when the cap
 * changed it, what the scores alone would give (the server's uncappedProfile, from unrounded G and
 * P). `score` is P as the reader's format shows it. Empty when the profile is not capped.
 */
export function cappedSentences(report: CappableReport, locale: Locale, score: string): string[] {
  const reason = capReasonOf(report);
  if (!reason) return [];
  const fill = (s: string, params: Record<string, string>) => s.replace(/\{(\w+)\}/g, (m, k: string) => params[k] ?? m);
  const out = [fill(CAPPED[locale][reason], { profile: wordFor(PROFILE, locale, report.profile) })];
  const u = report.uncappedProfile;
  if (u && u !== report.profile && (u === 'valuable' || u === 'careful')) out.push(fill(CAPPED[locale].score, { score, uncapped: wordFor(PROFILE, locale, u) }));
  return out;
}
