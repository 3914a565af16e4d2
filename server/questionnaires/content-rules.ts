// Editorial rules for the shipped questionnaires (docs/content-brief.md), stricter than what the
// loader demands of any questionnaire: coverage of every value, knock-outs, translations, help and
// sources on every question, complete recommendations. The content tests run these on every file.
import type { Localized, Question, Questionnaire, WeakStatus } from '../../core/types.js';
import type { Catalog } from './catalog.js';
import { estimateMinutes } from './estimate.js';

/** Relevance per value and area, as VALUE-MODEL.md gives it (3 zeer, 2 enigszins, 1 nauwelijks). */
export const RELEVANCE: Record<string, Record<string, 1 | 2 | 3>> = {
  xr: { 'quality-of-life': 2, sustainability: 3, participation: 2, 'economic-innovation': 2, 'public-services': 1, privacy: 3, security: 3, autonomy: 2, control: 1, 'human-dignity': 2, justice: 2, 'power-relations': 1, democracy: 2 },
  ai: { 'quality-of-life': 2, sustainability: 2, participation: 2, 'economic-innovation': 3, 'public-services': 2, privacy: 3, security: 3, autonomy: 2, control: 3, 'human-dignity': 2, justice: 3, 'power-relations': 3, democracy: 3 },
  // quantum: privacy 2 and democracy 2, for reasons from the content review (docs/content-brief.md, "Content version 2: quantum").
  quantum: { 'quality-of-life': 1, sustainability: 2, participation: 2, 'economic-innovation': 3, 'public-services': 1, privacy: 2, security: 3, autonomy: 1, control: 2, 'human-dignity': 1, justice: 2, 'power-relations': 3, democracy: 2 },
};

export const CONTENT_LIMITS = { minScoredPerValue: 2, minKnockouts: 2, minMinutes: 12, maxMinutes: 25 };

const words = (s: string) => s.trim().split(/\s+/).length;

/** An English text identical to the Dutch one (beyond a short label or name) was not translated. */
function untranslated(l: Localized | undefined): boolean {
  return !!l && words(l.nl) > 3 && l.nl.trim() === l.en.trim();
}

export function contentFaults(q: Questionnaire, catalog: Pick<Catalog, 'values' | 'instruments'>): string[] {
  const faults: string[] = [];
  const questions: Question[] = q.sections.flatMap((s) => s.questions);
  const scored = questions.filter((x) => x.type !== 'text' && (x.values?.length ?? 0) > 0);

  for (const v of catalog.values) {
    const n = scored.filter((x) => x.values!.some((r) => r.value === v.id)).length;
    if (n < CONTENT_LIMITS.minScoredPerValue) faults.push(`value ${v.id} is covered by ${n} scored question(s), needs ${CONTENT_LIMITS.minScoredPerValue}`);
  }

  const expected = RELEVANCE[q.area];
  if (!expected) faults.push(`no relevance table for area ${q.area}`);
  else {
    for (const v of catalog.values) {
      if ((q.relevance?.[v.id] ?? 1) !== expected[v.id]) faults.push(`relevance of ${v.id} is ${q.relevance?.[v.id] ?? 1}, VALUE-MODEL says ${expected[v.id]}`);
    }
  }

  const knockouts = questions.flatMap((x) => (x.options ?? []).filter((o) => o.knockout)).length;
  if (knockouts < CONTENT_LIMITS.minKnockouts) faults.push(`${knockouts} knock-out(s), needs ${CONTENT_LIMITS.minKnockouts}`);

  const texts: Array<[string, Localized | undefined]> = [['title', q.title], ['intro', q.intro]];
  for (const s of q.sections) texts.push([`section ${s.id} title`, s.title], [`section ${s.id} intro`, s.intro]);
  for (const x of questions) {
    if (!x.help) faults.push(`question ${x.id} has no help`);
    if (!x.sources?.length) faults.push(`question ${x.id} has no source`);
    texts.push([`question ${x.id} prompt`, x.prompt], [`question ${x.id} help`, x.help]);
    texts.push([`question ${x.id} advice`, x.advice]);
    for (const o of x.options ?? []) {
      texts.push([`question ${x.id} option ${o.id}`, o.label], [`question ${x.id} option ${o.id} knock-out`, o.knockout]);
      texts.push([`question ${x.id} option ${o.id} unknown risk`, o.unknownRisk], [`question ${x.id} option ${o.id} advice`, o.advice]);
    }
    for (const src of x.sources ?? []) texts.push([`question ${x.id} source topic`, src.topic]);
  }
  const instruments = new Set(catalog.instruments.map((i) => i.id));
  const critical = valuesReachedBy(q, 'knockout');
  const unknown = valuesReachedBy(q, 'unknownRisk');
  for (const v of catalog.values) {
    // A critical or unknown-risk text is needed only where a knock-out or unknown-risk option can
    // give the value that status (scoring step 3).
    const statuses: WeakStatus[] = v.dimension === 'goal' ? ['moderate', 'limited'] : [
      'attention', 'insufficient', ...(critical.has(v.id) ? ['critical' as const] : []), ...(unknown.has(v.id) ? ['unknown-risk' as const] : []),
    ];
    for (const status of statuses) {
      const rec = q.recommendations?.[v.id]?.[status];
      if (!rec) {
        faults.push(`no recommendation for ${v.id} when ${status}`);
        continue;
      }
      if (!rec.instruments?.length) faults.push(`recommendation for ${v.id} when ${status} names no instrument`);
      for (const id of rec.instruments ?? []) if (!instruments.has(id)) faults.push(`recommendation for ${v.id} when ${status} names unknown instrument ${id}`);
      texts.push([`recommendation ${v.id}/${status} step`, rec.step], [`recommendation ${v.id}/${status} why`, rec.why]);
    }
  }
  for (const [where, l] of texts) {
    if (l && (!l.nl?.trim() || !l.en?.trim())) faults.push(`${where} lacks a translation`);
    else if (untranslated(l)) faults.push(`${where} has the same text in nl and en`);
  }

  const minutes = estimateMinutes(q);
  if (minutes < CONTENT_LIMITS.minMinutes || minutes > CONTENT_LIMITS.maxMinutes) {
    faults.push(`estimated ${minutes} minutes, outside ${CONTENT_LIMITS.minMinutes}-${CONTENT_LIMITS.maxMinutes}`);
  }
  return faults;
}

/**
 * Precondition values a knock-out can make critical, or an unknown risk unknown-risk: those mapped
 * (weight > 0) by a question with such an option.
 */
function valuesReachedBy(q: Questionnaire, kind: 'knockout' | 'unknownRisk'): Set<string> {
  const out = new Set<string>();
  for (const x of q.sections.flatMap((s) => s.questions)) {
    if (!x.options?.some((o) => o[kind])) continue;
    for (const r of x.values ?? []) if ((r.weight ?? 1) > 0) out.add(r.value);
  }
  return out;
}

/** Option ids that mean "I don't know" and "none of these" (docs/content-brief.md). */
export const DONT_KNOW_ID = 'dont-know';
export const NONE_ID = 'none';

const isScored = (x: Question) => x.type !== 'text' && (x.values?.length ?? 0) > 0;

/**
 * Scoring version 2 content rules (docs/content-brief.md, "Rules for content version 2"): what the
 * report's honesty and its action list depend on. Only the AI Act check is specific to an area.
 */
export function v2ContentFaults(q: Questionnaire, catalog: Pick<Catalog, 'values' | 'instruments'>): string[] {
  const faults: string[] = [];
  const questions = q.sections.flatMap((s) => s.questions);
  const instruments = new Set(catalog.instruments.map((i) => i.id));

  for (const x of questions) {
    const options = x.options ?? [];
    // Not knowing must never be better than the honest worst answer: on a question that can knock
    // out, "don't know" (score 0, not itself a knock-out) has to be an unknown risk.
    if (options.some((o) => o.knockout)) {
      for (const o of options) {
        if (o.id === DONT_KNOW_ID && !o.knockout && (o.score ?? 0) === 0 && !o.notApplicable && !o.unknownRisk) {
          faults.push(`question ${x.id} has a knock-out, but its option ${o.id} carries no unknown risk`);
        }
      }
    }
    if (x.type === 'multi') {
      for (const o of options) {
        if ((o.id === NONE_ID || o.id === DONT_KNOW_ID) && !o.exclusive) faults.push(`question ${x.id}: option ${o.id} of a multiple-choice question must be exclusive`);
      }
    }
    if (!isScored(x)) continue;
    // Every answer below the question's best gets a next step: its own advice or the question's.
    const scores = options.filter((o) => !o.notApplicable).map((o) => o.score ?? 0);
    const top = Math.max(...scores);
    for (const o of options) {
      if (o.notApplicable || (o.score ?? 0) >= top) continue;
      if (!o.advice && !x.advice) faults.push(`question ${x.id}: option ${o.id} scores below the top and has no advice (nor has the question)`);
    }
    if (!x.instruments?.length) faults.push(`scored question ${x.id} names no instrument`);
    for (const id of x.instruments ?? []) if (!instruments.has(id)) faults.push(`question ${x.id} names unknown instrument ${id}`);
  }

  // A critical or unknown-risk text for a value no knock-out or unknown risk can reach would never be shown.
  const critical = valuesReachedBy(q, 'knockout');
  const unknown = valuesReachedBy(q, 'unknownRisk');
  for (const [value, byStatus] of Object.entries(q.recommendations ?? {})) {
    if (byStatus?.critical && !critical.has(value)) faults.push(`recommendation for ${value} when critical can never be shown: no knock-out maps to ${value}`);
    if (byStatus?.['unknown-risk'] && !unknown.has(value)) faults.push(`recommendation for ${value} when unknown-risk can never be shown: no unknown risk maps to ${value}`);
  }

  if (q.area === 'ai') faults.push(...aiActCheckFaults(questions));
  return faults;
}

/** Cites Art. 5 of the AI Act (the prohibited practices), as a whole or a paragraph of it. */
const citesArticle5 = (x: Question) => (x.sources ?? []).some((s) => s.document === 'ai-act' && /^5(\(|$)/.test(s.article ?? ''));

/**
 * The AI questionnaire always asks about the prohibited practices: a required question with a
 * knock-out that cites Art. 5 and that no earlier answer can hide, so that not looking is never
 * better than looking.
 */
function aiActCheckFaults(questions: Question[]): string[] {
  const checks = questions.filter((x) => citesArticle5(x) && x.options?.some((o) => o.knockout));
  if (!checks.length) return ['no question with a knock-out on the prohibited practices of AI Act Art. 5'];
  if (checks.some((x) => !x.visibleIf && x.required)) return [];
  return checks.map((x) => `AI Act Art. 5 check ${x.id} must be required and always shown (no visibleIf)`);
}

export function catalogueFaults(catalog: Pick<Catalog, 'values' | 'instruments'>): string[] {
  const faults: string[] = [];
  const valueIds = new Set(catalog.values.map((v) => v.id));
  const seen = new Set<string>();
  for (const i of catalog.instruments) {
    if (seen.has(i.id)) faults.push(`instrument ${i.id} repeats`);
    seen.add(i.id);
    if (!i.name?.nl || !i.name?.en || !i.description?.nl || !i.description?.en) faults.push(`instrument ${i.id} lacks a translation`);
    for (const v of i.values) if (!valueIds.has(v)) faults.push(`instrument ${i.id} names unknown value ${v}`);
    if (i.url !== undefined && !/^https:\/\/[^\s]+$/.test(i.url)) faults.push(`instrument ${i.id} has a url that is not https: ${i.url}`);
  }
  for (const v of catalog.values) {
    const n = catalog.instruments.filter((i) => i.values.includes(v.id)).length;
    if (n < 2) faults.push(`value ${v.id} is served by ${n} instrument(s), needs 2`);
  }
  return faults;
}
