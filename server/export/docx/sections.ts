// The report's sections as Word content, in the order of the report page and its PDF
// (client/src/components/Report/ReportView.tsx): cover, what to do, summary, charts with their
// tables, every value with its explanation, and the answers with their notes per section.
import { HeadingLevel, ImageRun, Paragraph, type Table } from 'docx';
import type { Locale } from '../../../core/types.js';
import { contextAnswers } from '../../../core/report-context.js';
import { DIMENSION, STATUS } from '../../report/respondent-export.js';
import type { StoredReport } from '../../report/report-service.js';
import { dialectFor, formatNumber } from '../csv.js';
import { cappedSentences, PROFILE, wordFor } from '../words.js';
import { barChart, GOAL_COLOUR, PRECONDITION_COLOUR, STATUS_COLOUR } from './chart.js';
import { bullet, heading, labelled, link, para, runs, table, TEXT_WIDTH, type Cell } from './blocks.js';
import { DOCX_WORDS, fill, type DocxWords } from './words.js';
import { actionListOf } from '../../../core/report-lead.js';

export type Block = Paragraph | Table;

/** A questionnaire section as the answers are grouped under it: its title and its questions in order. */
export interface AnswerSection { title: string; questions: string[] }

export interface Context {
  report: StoredReport;
  locale: Locale;
  w: DocxWords;
  number: (n: number | null | undefined) => string;
  /** A figure returned to three decimals (a priority, an answer's score or weight), as the API gives it: 6.75, 0.333. */
  exact: (n: number | null | undefined) => string;
  status: (code: string) => string;
}

export function contextOf(report: StoredReport, locale: Locale): Context {
  const dialect = dialectFor(locale);
  return {
    report, locale, w: DOCX_WORDS[locale],
    // A missing figure is a dash, as on the report page; a present one in the language's decimal sign.
    number: (n) => (n === null || n === undefined ? '–' : formatNumber(n, 1, dialect)),
    // Priorities and answer scores as docs/scoring.md returns them (three decimals), so every figure can be recomputed.
    exact: (n) => (n === null || n === undefined ? '–' : formatNumber(n, 3, dialect)),
    status: (code) => wordFor(STATUS, locale, code),
  };
}

export const longDate = (iso: string, locale: Locale) =>
  new Intl.DateTimeFormat(locale === 'nl' ? 'nl-NL' : 'en-GB', { dateStyle: 'long', timeZone: 'Europe/Amsterdam' }).format(new Date(iso));

const signed = (c: Context, n: number | null) => (n === null ? '' : `${n > 0 ? '+' : ''}${c.number(n)}`);

/** The cover's own lines; the staff details and the verification block are added by the caller. */
export function cover(c: Context, extra: { name: string | null; details: Block[]; verification: Block[] }): Block[] {
  const { report, w, locale } = c;
  const date = report.response.submittedAt ?? report.response.updatedAt;
  return [
    new Paragraph({ heading: HeadingLevel.TITLE, children: runs(w.title) }),
    labelled(w.questionnaire, fill(w.questionnaireVersion, { title: report.questionnaire.title, version: report.questionnaire.version })),
    ...(extra.name ? [para(runs(fill(w.coverFor, { name: extra.name }), { bold: true, size: 28 }))] : []),
    ...extra.details,
    labelled(w.date, date ? longDate(date, locale) : ''),
    ...(report.response.submittedAt ? [] : [para(runs(w.draft, { bold: true }))]),
    labelled(w.profile, wordFor(PROFILE, locale, report.profile)),
    para(runs(w.independent, { italics: true, color: '495057' })),
    ...extra.verification,
  ];
}

/** The intake answers, apart from the scores (core/report-context.ts); nothing when none were given. */
function productContext(c: Context): Block[] {
  const rows = contextAnswers(c.report.answers);
  if (rows.length === 0) return [];
  return [heading(c.w.context, 2), para(c.w.contextLead), table([c.w.question, c.w.answerGiven], rows.map((a) => [a.prompt, a.answer ?? '']), [4, 4])];
}

/** What each status and relevance means, as the report page's legend (client/src/components/Report/StatusLegend.tsx). */
function statusLegend(c: Context): Block[] {
  const { report, w, locale } = c;
  const params = { sufficient: report.thresholds.sufficient, attention: report.thresholds.attention };
  const group = (d: 'goal' | 'precondition', statuses: readonly string[]) => [
    para(runs(DIMENSION[locale][d], { bold: true })),
    ...statuses.map((s) => bullet([...runs(`${c.status(s)}: `, { bold: true }), ...runs(fill(w.legend[s] ?? '', params))])),
  ];
  return [
    heading(w.legendHeading, 2),
    ...group('precondition', ['sufficient', 'attention', 'insufficient', 'critical', 'unknown-risk', 'unscored']),
    ...group('goal', ['strong', 'moderate', 'limited', 'unscored']),
    para(w.legendRelevance),
  ];
}

/**
 * Summary: profile (and why it is capped, docs/scoring.md step 5), the two dimensions, completeness,
 * what the report is about, what statuses mean, then the knock-outs and unknown risks.
 */
export function summary(c: Context): Block[] {
  const { report, w, locale } = c;
  const flagged = (list: StoredReport['knockouts'] | StoredReport['unknownRisks']) => list.length === 0
    ? [para(w.noneFound)]
    : [table([w.question, w.answerGiven, w.explanation], list.map((k) => [k.prompt, k.answer, k.message]), [3, 2, 4])];
  return [
    heading(w.summary, 1, { pageBreakBefore: true }),
    labelled(w.profile, wordFor(PROFILE, locale, report.profile)),
    // P as the report page shows it: one decimal at most, in the language's decimal sign.
    ...cappedSentences(report, locale, c.number(report.dimensions.precondition.score)).map((s) => para(s)),
    para(w.selfReported),
    para(fill(w.completeness, { pct: c.number(Math.round(report.completeness * 1000) / 10) })),
    table([w.dimension, w.score, w.change], (['goal', 'precondition'] as const).map((d) => [
      `${DIMENSION[locale][d]} (${d === 'goal' ? w.goalText : w.preconditionText})`, c.number(report.dimensions[d].score), signed(c, report.dimensions[d].change),
    ]), [4, 2, 2]),
    para(fill(w.thresholds, { sufficient: report.thresholds.sufficient, attention: report.thresholds.attention, profile: report.thresholds.profileThreshold })),
    ...productContext(c),
    ...statusLegend(c),
    heading(w.knockouts, 2),
    ...flagged(report.knockouts),
    heading(w.unknownRisks, 2),
    ...flagged(report.unknownRisks),
  ];
}

function instrumentLines(c: Context, ids: string[]): Block[] {
  const list = ids.flatMap((id) => (c.report.instruments[id] ? [c.report.instruments[id]] : []));
  if (list.length === 0) return [];
  return [
    labelled(c.w.instruments, ''),
    // The address is written out as well as linked: on paper a link is only its text.
    ...list.map((i) => bullet([...link(i.name, i.url), ...runs(i.description ? ` — ${i.description}` : ''), ...(i.url ? [...runs(' '), ...link(i.url, i.url)] : [])])),
  ];
}

/** The full action list, in its order (docs/scoring.md step 7), every point with what led to it. */
export function actions(c: Context): Block[] {
  const { report, w } = c;
  const names = new Map(report.values.map((v) => [v.id, v.name]));
  const list = actionListOf(report);
  const out: Block[] = [heading(w.plan, 1, { pageBreakBefore: true }), para(list.length === 0 ? w.planNone : w.planLead)];
  list.forEach((a, i) => {
    out.push(
      heading(`${i + 1}. ${a.prompt}`, 2),
      para([...runs(w.kind[a.kind] ?? a.kind, { bold: true }), ...(a.priority === null ? [] : runs(` · ${w.priority} ${c.exact(a.priority)}`))]),
      labelled(w.yourAnswer, a.answer.join('; ')),
      labelled(w.whatToDo, a.text ?? w.noStep),
      ...(a.why ? [labelled(w.why, a.why)] : []),
      labelled(w.affects, a.values.map((v) => names.get(v) ?? v).join(', ')),
      ...instrumentLines(c, a.instruments),
    );
  });
  return out;
}

function image(png: Buffer, width: number, height: number, alt: { name: string; title: string; description: string }): Paragraph {
  // Scaled to the text width, never up: a 640 px chart is about 17 cm wide.
  const maxPx = Math.floor((TEXT_WIDTH / 1440) * 96);
  const scale = Math.min(1, maxPx / width);
  return new Paragraph({
    children: [new ImageRun({ type: 'png', data: png, transformation: { width: Math.round(width * scale), height: Math.round(height * scale) }, altText: alt })],
  });
}

/** The charts as images, each followed by the table of the figures it draws. */
export function charts(c: Context): Block[] {
  const { report, w, locale } = c;
  const values = barChart(report.values.map((v) => ({ bars: [{ value: v.score, color: STATUS_COLOUR[v.status] ?? STATUS_COLOUR.unscored }] })), [report.thresholds.attention, report.thresholds.sufficient]);
  const out: Block[] = [
    heading(w.charts, 1, { pageBreakBefore: true }),
    heading(w.valueChart, 2),
    image(values.png, values.width, values.height, {
      name: 'value-scores', title: w.valueChart,
      description: fill(w.valueChartAlt, { n: report.values.length, attention: report.thresholds.attention, sufficient: report.thresholds.sufficient }),
    }),
    para(runs(w.valueChartTable, { italics: true })),
    table([w.value, w.dimension, w.score, w.status], report.values.map((v) => [v.name, DIMENSION[locale][v.dimension as 'goal' | 'precondition'] ?? v.dimension, c.number(v.score), c.status(v.status)]), [3.4, 2.4, 1.9, 2.3]),
  ];
  if (report.history.length > 0) {
    const attempts = [
      ...report.history.map((h, i) => ({ label: fill(w.attemptN, { n: i + 1 }), goal: h.goal, precondition: h.precondition, profile: h.profile })),
      { label: fill(w.attemptNow, { n: report.history.length + 1 }), goal: report.dimensions.goal.score, precondition: report.dimensions.precondition.score, profile: report.profile },
    ];
    const chart = barChart(attempts.map((a) => ({ bars: [{ value: a.goal, color: GOAL_COLOUR }, { value: a.precondition, color: PRECONDITION_COLOUR }] })), [report.thresholds.profileThreshold]);
    out.push(
      heading(w.attemptChart, 2),
      image(chart.png, chart.width, chart.height, { name: 'attempts', title: w.attemptChart, description: fill(w.attemptChartAlt, { n: attempts.length, profile: report.thresholds.profileThreshold }) }),
      para(runs(w.valueChartTable, { italics: true })),
      table([w.attempt, w.goal, w.precondition, w.profile], attempts.map((a) => [a.label, c.number(a.goal), c.number(a.precondition), wordFor(PROFILE, locale, a.profile)]), [3, 2, 2, 3]),
    );
  }
  return out;
}

/** Every value, by dimension, with its score, status, explanation, advice and how its score came about. */
export function values(c: Context): Block[] {
  const { report, w, locale } = c;
  const out: Block[] = [heading(w.values, 1, { pageBreakBefore: true })];
  for (const d of ['goal', 'precondition'] as const) {
    const list = report.values.filter((v) => v.dimension === d);
    if (list.length === 0) continue;
    out.push(heading(DIMENSION[locale][d], 2));
    for (const v of list) {
      out.push(
        heading(v.name, 3),
        para([
          ...runs(`${w.score}: `, { bold: true }), ...runs(v.score === null ? w.notScored : c.number(v.score)),
          ...(v.change !== null ? runs(` (${signed(c, v.change)})`) : []),
          ...runs(` · ${w.status}: `, { bold: true }), ...runs(c.status(v.status)),
          ...runs(` · ${w.relevance}: `, { bold: true }), ...runs(w.relevanceLevel[v.relevance] ?? String(v.relevance)),
        ]),
        ...(v.description ? [labelled(w.explanation, v.description)] : []),
        ...(v.recommendation ? [labelled(w.recommendation, `${v.recommendation.step} ${v.recommendation.why}`), ...instrumentLines(c, v.recommendation.instruments)] : []),
      );
      if (v.contributions.length > 0) {
        out.push(
          para(runs(w.howComputed, { italics: true })),
          table([w.question, w.answerGiven, w.weight, w.answerScore, w.points], v.contributions.map((x) => [x.prompt, x.answer.join('; '), c.exact(x.weight), c.exact(x.score), c.number(x.points)]), [5, 3, 1.2, 1.2, 1.2]),
        );
      }
    }
  }
  return out;
}

/** The answers with their notes, grouped by the questionnaire's sections when they are known. */
export function answers(c: Context, sections: AnswerSection[] | undefined): Block[] {
  const { report, w } = c;
  const out: Block[] = [heading(w.answers, 1, { pageBreakBefore: true })];
  if (report.answers.length === 0) return [...out, para(w.noAnswers)];
  const byQuestion = new Map(report.answers.map((a) => [a.question, a]));
  const groups: Array<{ title: string | null; list: StoredReport['answers'] }> = [];
  const placed = new Set<string>();
  for (const s of sections ?? []) {
    const list = s.questions.flatMap((q) => (byQuestion.has(q) && !placed.has(q) ? [byQuestion.get(q)!] : []));
    list.forEach((a) => placed.add(a.question));
    if (list.length > 0) groups.push({ title: s.title, list });
  }
  const rest = report.answers.filter((a) => !placed.has(a.question));
  if (rest.length > 0) groups.push({ title: groups.length > 0 ? w.otherQuestions : null, list: rest });
  for (const g of groups) {
    if (g.title) out.push(heading(g.title, 2));
    out.push(table([w.question, w.answerGiven, w.note], g.list.map((a): Cell[] => [a.prompt, a.notApplicable ? w.notApplicable : (a.answer ?? ''), a.note ?? '']), [4, 3, 4]));
  }
  return out;
}
