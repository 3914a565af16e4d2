// The respondent's exports: a JSON file another instance can import, and a CSV of report and answers.
import type { Locale } from '../../core/types.js';
import type { StoredReport } from './report-service.js';
import { csvDocument, dialectFor, formatNumber, type Cell } from '../export/csv.js';
import { cappedSentences, PROFILE } from '../export/words.js';

export const EXPORT_FORMAT = 'publieke-waarden-zelftoets';
// 2: `report` is the attested report (without response.newerAttempt, now beside it) and `attestation` holds its JWS.
export const EXPORT_VERSION = 2;

// Every cell a person reads is in the export's language, as the report words it; the stable codes
// a script filters on stay in their own columns: "Code" (profile, dimension, value or question id)
// and "Statuscode" (critical, insufficient, knockout, ...). See docs/api.md.
const HEADINGS: Record<Locale, string[]> = {
  nl: ['Soort', 'Code', 'Naam of vraag', 'Score', 'Status', 'Antwoord', 'Toelichting', 'Statuscode'],
  en: ['Kind', 'Code', 'Name or question', 'Score', 'Status', 'Answer', 'Explanation', 'Status code'],
};
export const DIMENSION: Record<Locale, Record<'goal' | 'precondition', string>> = {
  nl: { goal: 'Streefdoelen', precondition: 'Randvoorwaarden' },
  en: { goal: 'Goals', precondition: 'Preconditions' },
};
export const STATUS: Record<Locale, Record<string, string>> = {
  nl: {
    critical: 'Geschonden', 'unknown-risk': 'Onbekend risico', sufficient: 'Voldoende', attention: 'Aandacht nodig', insufficient: 'Onvoldoende',
    strong: 'Sterk', moderate: 'Gemiddeld', limited: 'Beperkt', unscored: 'Niet beoordeeld',
  },
  en: {
    critical: 'Violated', 'unknown-risk': 'Unknown risk', sufficient: 'Sufficient', attention: 'Needs attention', insufficient: 'Insufficient',
    strong: 'Strong', moderate: 'Moderate', limited: 'Limited', unscored: 'Not scored',
  },
};
const COMPLETENESS: Record<Locale, string> = { nl: 'Volledigheid (% van de verplichte vragen)', en: 'Completeness (% of required questions)' };
// The cap of docs/scoring.md step 5: whether a knock-out or unknown risk took the profile from the P < t column.
const CAP: Record<Locale, { name: string; yes: string; no: string }> = {
  nl: { name: 'Profiel begrensd door een knock-out of onbekend risico', yes: 'ja', no: 'nee' },
  en: { name: 'Profile capped by a knock-out or unknown risk', yes: 'yes', no: 'no' },
};
const KIND: Record<Locale, Record<string, string>> = {
  nl: {
    profile: 'profiel', profileCapped: 'profielbegrenzing', completeness: 'volledigheid', dimension: 'dimensie', value: 'waarde', knockout: 'knock-out', answer: 'antwoord', notApplicable: 'n.v.t.',
    action: 'actie', instrument: 'hulpmiddel', change: 'wijziging',
  },
  en: {
    profile: 'profile', profileCapped: 'profile cap', completeness: 'completeness', dimension: 'dimension', value: 'value', knockout: 'knock-out', answer: 'answer', notApplicable: 'n/a',
    action: 'action', instrument: 'instrument', change: 'change',
  },
};
// The kind of an action in the words the report uses for it.
const ACTION_KIND: Record<Locale, Record<string, string>> = {
  nl: { knockout: 'geschonden randvoorwaarde', 'unknown-risk': 'onbekend risico', improve: 'verbeterpunt' },
  en: { knockout: 'violated precondition', 'unknown-risk': 'unknown risk', improve: 'improvement' },
};

// How an answer changed since the previous attempt, as the report's "Wat is er veranderd?" says it.
const CHANGE: Record<Locale, Record<string, string>> = {
  nl: { changed: 'Gewijzigd', answered: 'Nu beantwoord', cleared: 'Niet meer beantwoord', 'new-question': 'Nieuwe vraag', 'removed-question': 'Vraag vervallen', before: 'Eerder' },
  en: { changed: 'Changed', answered: 'Now answered', cleared: 'No longer answered', 'new-question': 'New question', 'removed-question': 'Question dropped', before: 'Before' },
};

/** An action's instruments in full, from the report's dictionary (the report names them by id). */
const instrumentsOf = (report: StoredReport, ids: string[]) => ids.map((id) => ({ id, ...report.instruments[id] }));

/**
 * The action list as the JSON export carries it: what to do, in order, with the answer behind it.
 * Each action's instruments are written out in full, so the list reads on its own; the embedded
 * report keeps them once, in `report.instruments`.
 */
export function exportActions(report: StoredReport) {
  return report.actions.map((a) => ({
    question: a.question, prompt: a.prompt, kind: a.kind, priority: a.priority, answer: a.answer, text: a.text, instruments: instrumentsOf(report, a.instruments),
  }));
}

export function reportCsv(report: StoredReport, locale: Locale): string {
  const k = KIND[locale];
  const rows: Cell[][] = [HEADINGS[locale]];
  const dialect = dialectFor(locale);
  const status = (code: string) => STATUS[locale][code] ?? code;
  rows.push([k.profile, report.profile, PROFILE[locale][report.profile] ?? report.profile, null, null, report.questionnaire.title, null, null]);
  // Right under the profile: capped or not (status in words, "true"/"false" as the report's
  // profileCapped in the status code), and why, in the report page's words (Explanation).
  const capped = cappedSentences(report, locale, formatNumber(report.dimensions.precondition.score, 1, dialect));
  rows.push([k.profileCapped, 'profileCapped', CAP[locale].name, null, report.profileCapped ? CAP[locale].yes : CAP[locale].no, null, capped.join(' ') || null, String(report.profileCapped)]);
  rows.push([k.completeness, 'completeness', COMPLETENESS[locale], Math.round(report.completeness * 1000) / 10, null, null, null, null]);
  for (const d of ['goal', 'precondition'] as const) rows.push([k.dimension, d, DIMENSION[locale][d], report.dimensions[d].score, null, null, null, null]);
  for (const v of report.values) rows.push([k.value, v.id, v.name, v.score, status(v.status), null, null, v.status]);
  for (const ko of report.knockouts) rows.push([k.knockout, ko.question, ko.prompt, null, status('critical'), ko.answer, ko.message, 'critical']);
  // The action list in its order: priority in the score column, the step in the explanation; each
  // instrument on its own row under the action's question, so a spreadsheet can filter on either.
  for (const a of report.actions) {
    // The priority as the API returns it (three decimals, docs/scoring.md "Numbers"), not to a score's
    // one: written out here, as a number cell is a score's. Digits and a decimal mark, never a formula.
    rows.push([k.action, a.question, a.prompt, formatNumber(a.priority, 3, dialect), ACTION_KIND[locale][a.kind], a.answer.join('; '), a.text, a.kind]);
    for (const i of instrumentsOf(report, a.instruments)) rows.push([k.instrument, a.question, i.name, null, null, i.url, i.description, null]);
  }
  for (const a of report.answers) rows.push([k.answer, a.question, a.prompt, null, null, a.notApplicable ? k.notApplicable : a.answer, a.note, null]);
  // What changed since the previous attempt: the new answer where answers are, the old one beside it.
  for (const c of report.changes?.sections.flatMap((sec) => sec.changes) ?? []) {
    rows.push([k.change, c.question, c.prompt, null, CHANGE[locale][c.kind], c.after, c.before === null ? null : `${CHANGE[locale].before}: ${c.before}`, c.kind]);
  }
  return csvDocument(rows, dialect);
}
