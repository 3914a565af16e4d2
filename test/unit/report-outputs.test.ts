// The report's outputs agree with the report page and with docs/scoring.md: a version-1 DOCX leads
// with its knock-outs as the page does; DOCX and CSV say why the profile is capped (and the DOCX has
// the page's status legend) in the page's own words; priorities and answer scores are printed as the
// API gives them (three decimals), so every figure can be recomputed; the profile "without the cap"
// comes from the unrounded P; and an earlier capped attempt is drawn in its capped quadrant.
import { h } from 'preact';
import { render } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import type { Answers, Locale, Questionnaire, ScoringVersion } from '../../core/types.js';
import { allQuestions, visibleQuestionIds } from '../../core/visibility.js';
import { loadCatalog } from '../../server/questionnaires/catalog.js';
import { buildReport, type EarlierAttempt } from '../../server/report/build-report.js';
import type { StoredReport } from '../../server/report/report-service.js';
import { reportCsv } from '../../server/report/respondent-export.js';
import { reportDocx } from '../../server/export/docx/document.js';
import { dialectFor, formatNumber } from '../../server/export/csv.js';
import { uncappedProfile } from '../../client/src/logic/report-actions.js';
import { ReportView } from '../../client/src/components/Report/ReportView.js';
import { locale as pageLocale } from '../../client/src/i18n/i18n.js';
import { nl as pageNl, en as pageEn } from '../../client/src/i18n/messages.report.js';
import type { Report } from '../../client/src/api/client.js';
import { QUESTIONNAIRES } from '../helpers/app.js';
import { openDocx, paragraphs, tables } from '../helpers/docx.js';

const catalog = loadCatalog(QUESTIONNAIRES);
const q: Questionnaire = catalog.questionnaires.get('ai')!.document;

/** The best answer to every visible question (the highest-scoring real option), the intake as given. */
function best(intake: Answers): Answers {
  const answers: Answers = {};
  for (let pass = 0; pass < 3; pass++) {
    const visible = visibleQuestionIds(q, answers);
    for (const x of allQuestions(q)) {
      if (!visible.has(x.id) || answers[x.id]) continue;
      if (intake[x.id]) { answers[x.id] = intake[x.id]; continue; }
      if (x.type === 'text') continue;
      const options = (x.options ?? []).filter((o) => !o.notApplicable && !o.knockout && !o.unknownRisk);
      if (!x.values?.length) {
        answers[x.id] = x.type === 'multi' ? { options: [options.find((o) => o.exclusive)?.id ?? options[0].id] } : { option: options[0].id };
      } else if (x.type === 'multi') {
        const all = options.find((o) => o.exclusive && o.score === 1);
        answers[x.id] = all ? { options: [all.id] } : { options: options.filter((o) => !o.exclusive).map((o) => o.id) };
      } else {
        answers[x.id] = { option: options.reduce((a, b) => ((b.score ?? 0) > (a.score ?? 0) ? b : a)).id };
      }
    }
  }
  return answers;
}

const INTAKE: Answers = {
  'ai-role': { option: 'integrate' }, 'ai-output-type': { options: ['scores'] }, 'ai-significant-decisions': { option: 'minor' },
  'ai-personal-data': { option: 'no' }, 'ai-customers': { options: ['business'] }, 'ai-vulnerable': { options: ['none'] },
};
const GOOD = best(INTAKE);
/** An unknown risk on a good result (capped: Valuable → Promising, with risks), and answers scored 0.25, 0.33 and 0.75. */
const CAPPED: Answers = {
  ...GOOD,
  'ai-act-high-risk': { options: ['dont-know'] },
  'ai-security': { option: 'general' },
  'ai-literacy': { option: 'informal' },
  'ai-act-role': { option: 'idea' },
  'ai-transparency': { option: 'visible' },
};

function stored(answers: Answers, locale: Locale, options: { scoringVersion?: ScoringVersion; earlier?: EarlierAttempt[] } = {}): StoredReport {
  const report = buildReport({ questionnaire: q, answers, values: catalog.values, instruments: catalog.instruments, locale, ...options });
  return {
    response: { id: 'r'.repeat(22), status: 'submitted', submittedAt: '2026-03-12T09:30:00.000Z', updatedAt: '2026-03-12T09:30:00.000Z', companyName: null },
    ...report,
  } as StoredReport;
}

async function docxOf(report: StoredReport, locale: Locale) {
  const { document } = openDocx(await reportDocx({ report, locale, verification: null }));
  return { document, ps: paragraphs(document).map((p) => p.text), styled: paragraphs(document) };
}

/** The report page's words, with its placeholders filled. */
const page = (locale: Locale, key: keyof typeof pageNl, params: Record<string, string | number> = {}) =>
  (locale === 'nl' ? pageNl[key] : pageEn[key] ?? pageNl[key]).replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));

const csvRows = (csv: string, sep: string) => csv.replace(/^\uFEFF/, '').split('\r\n').filter(Boolean).map((l) => l.split(sep));

describe('a version-1 report as DOCX', () => {
  it('leads "What to do now" with its knock-outs, as the report page does, instead of saying nothing needs doing', async () => {
    const report = stored({ ...GOOD, 'ai-act-prohibited': { options: ['manipulate'] } }, 'en', { scoringVersion: 1 });
    expect(report.scoringVersion).toBe(1);
    expect(report.actions).toEqual([]);
    expect(report.knockouts.length).toBeGreaterThan(0);
    const { ps, styled } = await docxOf(report, 'en');
    const plan = ps.indexOf('What to do now');
    expect(ps[plan + 1]).not.toBe('Your answers give no violated preconditions, unknown risks or improvements.');
    const ko = report.knockouts[0];
    const first = styled.findIndex((p) => p.text === `1. ${ko.prompt}` && p.style === 'Heading2');
    expect(first).toBeGreaterThan(plan);
    // No priority under version 1; the answer, the step and the message as the page shows them.
    expect(ps[first + 1]).toBe('Violated precondition');
    expect(ps[first + 2]).toBe(`Your answer: ${ko.answer}`);
    expect(ps[first + 3]).toBe(`What to do: ${ko.action?.step ?? 'There is no set step for this answer; the instruments below help further.'}`);
    expect(ps[first + 4]).toBe(`Why it matters: ${ko.message}`);
  });
});

describe('why the profile is capped, in DOCX and CSV', () => {
  for (const locale of ['nl', 'en'] as const) {
    it(`says it in the report page's words, with the profile without the cap, and the status legend (${locale})`, async () => {
      const report = stored(CAPPED, locale);
      expect(report).toMatchObject({ profile: 'promising-with-risks', profileCapped: true });
      const dialect = dialectFor(locale);
      const score = formatNumber(report.dimensions.precondition.score, 1, dialect);
      const why = page(locale, 'report.capped.unknown-risk', { profile: locale === 'nl' ? "Kansrijk, met risico's" : 'Promising, with risks' });
      const without = page(locale, 'report.cappedScore', { score, uncapped: locale === 'nl' ? 'Waardevol' : 'Valuable' });

      const { ps } = await docxOf(report, locale);
      const summary = ps.indexOf(locale === 'nl' ? 'Samenvatting' : 'Summary');
      expect(ps.indexOf(why)).toBeGreaterThan(summary);
      expect(ps[ps.indexOf(why) + 1]).toBe(without);
      // The legend: its heading, every status with what it means, and relevance.
      expect(ps).toContain(page(locale, 'legend.heading'));
      const params = { sufficient: report.thresholds.sufficient, attention: report.thresholds.attention };
      const statusWord = { nl: { sufficient: 'Voldoende', critical: 'Geschonden', 'unknown-risk': 'Onbekend risico', unscored: 'Niet beoordeeld' }, en: { sufficient: 'Sufficient', critical: 'Violated', 'unknown-risk': 'Unknown risk', unscored: 'Not scored' } }[locale];
      for (const [s, word] of Object.entries(statusWord)) expect(ps).toContain(`${word}: ${page(locale, `legend.${s}` as keyof typeof pageNl, params)}`);
      expect(ps).toContain(page(locale, 'legend.relevance'));

      const rows = csvRows(reportCsv(report, locale), dialect.separator);
      const cap = rows.find((r) => r[1] === 'profileCapped')!;
      expect(cap).toBeDefined();
      expect(rows.indexOf(cap)).toBe(rows.findIndex((r) => r[1] === 'promising-with-risks') + 1);
      expect(cap[4]).toBe(locale === 'nl' ? 'ja' : 'yes');
      expect(cap.at(-1)).toBe('true');
      expect(cap.slice(6, -1).join(dialect.separator).replace(/^"|"$/g, '')).toBe(`${why} ${without}`);
    });
  }

  it('says nothing of a cap when there is none, and the CSV says "no"', async () => {
    const report = stored(GOOD, 'en');
    expect(report.profileCapped).toBe(false);
    const { ps } = await docxOf(report, 'en');
    expect(ps.some((p) => p.startsWith('Your profile is capped'))).toBe(false);
    expect(ps).toContain('How to read statuses and relevance');
    const cap = csvRows(reportCsv(report, 'en'), ',').find((r) => r[1] === 'profileCapped')!;
    expect(cap).toEqual(['profile cap', 'profileCapped', 'Profile capped by a knock-out or unknown risk', '', 'no', '', '', 'false']);
  });
});

describe('priorities and answer scores as the API gives them', () => {
  it('CSV and DOCX print priorities to three decimals, and the DOCX answer scores as given', async () => {
    const report = stored(CAPPED, 'en');
    const priorities = Object.fromEntries(report.actions.map((a) => [a.question, a.priority]));
    expect(priorities).toMatchObject({ 'ai-security': 6.75, 'ai-literacy': 4.02, 'ai-act-role': 2.01, 'ai-transparency': 1.75 });

    const en = csvRows(reportCsv(report, 'en'), ',').filter((r) => r[0] === 'action');
    expect(en.map((r) => [r[1], r[3]])).toEqual(report.actions.map((a) => [a.question, String(a.priority)]));
    const nl = csvRows(reportCsv(stored(CAPPED, 'nl'), 'nl'), ';').filter((r) => r[0] === 'actie');
    expect(nl.find((r) => r[1] === 'ai-literacy')![3]).toBe('4,02');

    const { document, ps } = await docxOf(report, 'en');
    const kinds = { knockout: 'Violated precondition', 'unknown-risk': 'Unknown risk', improve: 'Improvement' };
    const lines = ps.filter((p) => / · Priority /.test(p));
    expect(lines).toEqual(report.actions.map((a) => `${kinds[a.kind]} · Priority ${a.priority}`));
    expect(lines).toContain('Improvement · Priority 6.75');

    // "How this score comes about": weight and answer score as the report holds them.
    const contributions = tables(document).filter((t) => t.rows[0][3] === 'Answer score').flatMap((t) => t.rows.slice(1));
    const expected = report.values.flatMap((v) => v.contributions.map((c) => [c.prompt, c.answer.join('; '), String(c.weight), String(c.score), formatNumber(c.points, 1, dialectFor('en'))]));
    expect(contributions).toEqual(expected);
    for (const s of ['0.25', '0.33', '0.75']) expect(contributions.some((r) => r[3] === s), s).toBe(true);
  });
});

// Found by a random search (reviewer's /tmp/h1/uncapped.ts): P = 49.97…, shown as 50.
const BOUNDARY: Answers = {
  'ai-role': { option: 'both' }, 'ai-output-type': { options: ['conversation', 'media', 'scores', 'actions', 'other'] }, 'ai-significant-decisions': { option: 'minor' },
  'ai-personal-data': { option: 'no' }, 'ai-customers': { options: ['business'] }, 'ai-vulnerable': { options: ['care'] },
  'ai-act-prohibited': { options: ['manipulate', 'biometric-categorisation', 'realtime-face-police'] },
  'ai-act-high-risk': { options: ['biometrics', 'education', 'employment', 'essential-services', 'product-safety'] },
  'ai-act-high-risk-readiness': { option: 'done' }, 'ai-act-role': { option: 'idea' }, 'ai-literacy': { option: 'dont-know' }, 'ai-gpai': { option: 'dont-know' },
  'ai-impact-assessment': { option: 'dont-know' }, 'ai-security': { option: 'identified' }, 'ai-incident': { option: 'dont-know' }, 'ai-misuse': { option: 'monitored' },
  'ai-training-data': { option: 'documented' }, 'ai-data-workers': { option: 'no-labelling' }, 'ai-bias-testing': { option: 'dont-know' }, 'ai-accessibility': { option: 'tested' },
  'ai-explainability': { option: 'per-output' }, 'ai-monitoring': { option: 'complaints' }, 'ai-accuracy-claims': { option: 'general' },
  'ai-agent-safeguards': { options: ['limits', 'approval', 'logging', 'kill-switch'] }, 'ai-transparency': { option: 'visible' }, 'ai-synthetic-content': { option: 'label' },
  'ai-companion': { options: ['no-pretence', 'age'] }, 'ai-first-metric': { option: 'no-metrics' }, 'ai-skills': { option: 'dont-know' }, 'ai-care': { option: 'refers' },
  'ai-disinformation': { option: 'not-assessed' }, 'ai-provider-dependence': { option: 'aware' }, 'ai-data-location': { option: 'eu' },
  'ai-ownership': { options: ['training-rights', 'provider-terms'] }, 'ai-energy': { option: 'no' }, 'ai-water': { option: 'provider-figures' },
  'ai-user-benefit': { option: 'pilot' }, 'ai-societal-goal': { option: 'measured' }, 'ai-work': { option: 'known' },
  'ai-knowledge-sharing': { options: ['open-source'] }, 'ai-stakeholders': { option: 'pilots' },
};

describe('the profile without the cap', () => {
  it('comes from the unrounded P: a P shown as 50 but below it names no "uncapped" profile', async () => {
    const report = stored(BOUNDARY, 'en');
    expect(report.dimensions.precondition.score).toBe(50);
    expect(report.profileCapped).toBe(true);
    // P < t unrounded: the cap changed nothing, so the page names no other profile.
    expect(uncappedProfile(report as unknown as Report)).toBeNull();
    expect(report.uncappedProfile).toBe(report.profile);
    const { ps } = await docxOf(report, 'en');
    expect(ps.some((p) => p.includes('without these points your profile would be'))).toBe(false);
    expect(reportCsv(report, 'en')).not.toContain('without these points');
  });

  it('is named when the cap changed the profile', () => {
    const report = stored(CAPPED, 'en');
    expect(report.uncappedProfile).toBe('valuable');
    expect(uncappedProfile(report as unknown as Report)).toBe('valuable');
    expect(uncappedProfile(stored(GOOD, 'en') as unknown as Report)).toBeNull();
  });
});

describe('an earlier capped attempt in the quadrant chart', () => {
  it('carries profileCapped in the history and is drawn left of the line, in the quadrant its profile names', () => {
    const earlier: EarlierAttempt[] = [{ id: 'earlier-1', submittedAt: '2026-01-10T10:00:00.000Z', questionnaire: q, answers: { ...GOOD, 'ai-act-high-risk': { options: ['dont-know'] } } }];
    const report = stored(GOOD, 'en', { earlier });
    expect(report.history[0]).toMatchObject({ profile: 'promising-with-risks' });
    expect(report.history[0].precondition!).toBeGreaterThan(50);
    expect(report.profileCapped).toBe(false);

    pageLocale.value = 'en';
    const html = render(h(ReportView, { report: report as unknown as Report }));
    const chart = html.slice(html.indexOf('chart-quadrant'));
    const line = Number(/<line x1="([\d.]+)"[^>]*class="threshold threshold-profile"/.exec(chart)![1]);
    const earlierDot = Number(/<circle cx="([\d.]+)"[^>]*class="quadrant-earlier"/.exec(chart)![1]);
    const current = Number(/<circle cx="([\d.]+)"[^>]*class="quadrant-current"/.exec(chart)![1]);
    expect(earlierDot).toBeLessThan(line);
    expect(current).toBeGreaterThan(line);
    expect(chart).toContain(page('en', 'chart.quadrant.cappedEarlier'));
    expect(report.history[0].profileCapped).toBe(true);
  });
});

describe('the status legend', () => {
  // A precondition with no answered question is "niet beoordeeld" as much as a goal is: both legends say so.
  it('explains "unscored" under preconditions as well as goals, on the page and in the DOCX', async () => {
    const { StatusLegend } = await import('../../client/src/components/Report/StatusLegend.js');
    pageLocale.value = 'nl';
    const html = render(h(StatusLegend, { thresholds: { sufficient: 60, attention: 40, profileThreshold: 50 } }));
    const groups = html.split('<h4>').slice(1);
    expect(groups).toHaveLength(2);
    for (const g of groups) expect(g).toContain(pageNl['legend.unscored']);
    const { ps } = await docxOf(stored(CAPPED, 'nl'), 'nl');
    expect(ps.filter((p) => p === `Niet beoordeeld: ${pageNl['legend.unscored']}`)).toHaveLength(2);
  });
});
