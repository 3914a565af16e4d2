// Issue 11's report speed: buildReport shares the parts its answers alone determine between reports
// (server/report/shared-parts.ts) and reportJson writes each shared part's JSON once. Neither may
// change a single character of what a reader, an export or a signature sees.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Answers, Questionnaire } from '../../core/types.js';
import { prng, randomAnswers } from '../../bench/seed.js';
import { loadCatalog, type Instrument } from '../../server/questionnaires/catalog.js';
import { buildReport, type EarlierAttempt } from '../../server/report/build-report.js';
import { isKnownText, reportJson, sharePart } from '../../server/report/report-json.js';
import { MAX_PARTS, PartCache } from '../../server/report/shared-parts.js';
import { GENERATED_INSTRUMENTS, withAnswers } from '../helpers/arbitraries.js';
import { QUESTIONNAIRES, catalogValues } from '../helpers/app.js';

const catalog = loadCatalog(QUESTIONNAIRES);
const values = catalogValues();
const generatedInstruments: Instrument[] = GENERATED_INSTRUMENTS.map((id) => ({
  id, name: { nl: `Naam ${id}`, en: `Name ${id}` }, description: { nl: 'Wat het is — kort', en: 'What it is' }, kind: 'guide', values: [], areas: [], url: `https://example.org/${id}`,
}));

/** A report of the same answers built with nothing shared yet: a copy of the questionnaire has no parts. */
const unshared = (input: Parameters<typeof buildReport>[0]) => buildReport({ ...input, questionnaire: structuredClone(input.questionnaire) });

describe('reportJson', () => {
  it('writes what JSON.stringify writes, for any JSON value and for what JSON.stringify leaves out or turns into null', () => {
    const odd = fc.oneof(fc.constant(undefined), fc.constant(() => 1), fc.constant(Symbol('s')), fc.constant(-0), fc.constant(Number.NaN),
      fc.constant(Number.POSITIVE_INFINITY), fc.date({ noInvalidDate: true }), fc.string({ unit: 'binary' }));
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, fc.jsonValue(), odd, fc.array(tie('node')), fc.dictionary(fc.string(), tie('node'))),
    })).node;
    fc.assert(fc.property(fc.dictionary(fc.string(), value), fc.boolean(), (data, share) => {
      const input = share ? sharePart(data) : data;
      expect(reportJson(input)).toBe(JSON.stringify(data));
      // A shared part's JSON is made once and then reused: the second time must read the same.
      expect(reportJson({ again: input, twice: [input, input] })).toBe(JSON.stringify({ again: data, twice: [data, data] }));
    }), { numRuns: 300 });
  });

  it('refuses what is not an object or list, as no report is', () => {
    expect(() => reportJson(undefined)).toThrow(TypeError);
  });
});

describe('shared report parts', () => {
  for (const { document: q } of catalog.questionnaires.values()) {
    it(`${q.id}: 200 random answer sets per locale give the same report and the same JSON as built with nothing shared`, () => {
      const random = prng(7);
      const sets = Array.from({ length: 200 }, () => randomAnswers(q, random));
      const earlier: EarlierAttempt[] = [{ id: 'earlier', submittedAt: '2026-11-01T10:00:00.000Z', questionnaire: q, answers: sets[0] }];
      for (const locale of ['nl', 'en'] as const) {
        sets.forEach((answers, i) => {
          const input = { questionnaire: q, answers, values: catalog.values, instruments: catalog.instruments, locale, ...(i % 10 === 0 ? { earlier, compareAnswers: true } : {}) };
          const report = buildReport(input);
          const fresh = unshared(input);
          expect(report).toEqual(fresh);
          // Key order and all: what a signature covers and what the API sends.
          expect(reportJson(report)).toBe(JSON.stringify(fresh));
        });
      }
    });
  }

  it('hold on generated questionnaires too: shared or not, the same report', () => {
    fc.assert(fc.property(withAnswers(values), fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 2, maxLength: 4 }), ({ q, answers }, order) => {
      // The same questionnaire answered again and partly differently, so parts are both kept and new.
      const variants: Answers[] = order.map((n) => Object.fromEntries(Object.entries(answers).filter((_, i) => (i + n) % 4 !== 0)));
      for (const a of [answers, ...variants]) {
        const input = { questionnaire: q, answers: a, values, instruments: generatedInstruments, locale: 'en' as const };
        const report = buildReport(input);
        expect(reportJson(report)).toBe(JSON.stringify(unshared(input)));
      }
    }), { numRuns: 200 });
  });

  it('are frozen, so no reader of one report can change another; each report\'s own lists and its notes are its own', () => {
    const q = [...catalog.questionnaires.values()].find((x) => x.document.area === 'ai')!.document as Questionnaire;
    const random = prng(3);
    const answers = randomAnswers(q, random);
    const first = buildReport({ questionnaire: q, answers, values: catalog.values, instruments: catalog.instruments, locale: 'nl' });
    const second = buildReport({ questionnaire: q, answers, values: catalog.values, instruments: catalog.instruments, locale: 'nl' });
    expect(first.actions.length).toBeGreaterThan(0);
    expect(second.actions[0]).toBe(first.actions[0]);
    expect(Object.isFrozen(first.actions[0])).toBe(true);
    expect(() => { (first.actions[0] as { text: string | null }).text = 'changed'; }).toThrow(TypeError);
    expect(() => { first.actions[0].answer.push('x'); }).toThrow(TypeError);
    // The lists themselves belong to the report: a page may sort its own copy.
    expect(second.actions).not.toBe(first.actions);
    first.actions.reverse();
    expect(second.actions[0]).not.toBe(first.actions[0]);
    // A note or a text answer is a respondent's own words: never a part another report holds.
    const noted = first.answers.filter((a) => a.note !== null);
    expect(noted.length).toBeGreaterThan(0);
    for (const a of noted) {
      expect(Object.isFrozen(a)).toBe(false);
      expect(second.answers.find((b) => b.question === a.question)).not.toBe(a);
    }
  });
});

describe('what reportJson keeps', () => {
  it('holds the content\'s words, never a respondent\'s: notes, text answers and the company name are written, not kept', () => {
    const q = [...catalog.questionnaires.values()].find((x) => x.document.area === 'quantum')!.document as Questionnaire;
    const questions = q.sections.flatMap((s) => s.questions);
    const textQuestion = questions.find((x) => x.type === 'text');
    const choice = questions.find((x) => x.type === 'single' && !x.visibleIf)!;
    const note = `Eigen woorden van het team ${Math.random()}`;
    const own = `Ons eigen antwoord ${Math.random()}`;
    const answers: Answers = { [choice.id]: { option: choice.options![0].id, note }, ...(textQuestion && !textQuestion.visibleIf ? { [textQuestion.id]: { text: own } } : {}) };
    const report = buildReport({ questionnaire: q, answers, values: catalog.values, instruments: catalog.instruments, locale: 'nl' });
    const company = `Bedrijf ${Math.random()}`;
    const json = reportJson({ response: { companyName: company }, ...report });
    expect(json).toContain(JSON.stringify(note));
    expect(isKnownText(note)).toBe(false);
    expect(isKnownText(company)).toBe(false);
    if (textQuestion && !textQuestion.visibleIf) {
      expect(json).toContain(JSON.stringify(own));
      expect(isKnownText(own)).toBe(false);
    }
    // The content's words are kept: the prompt of the question answered.
    expect(isKnownText(report.answers.find((a) => a.question === choice.id)!.prompt)).toBe(true);
  });
});

describe('PartCache', () => {
  it('keeps at most MAX_PARTS parts, and a part for keys already taken is handed out but not kept', () => {
    const cache = new PartCache();
    const made = Array.from({ length: MAX_PARTS + 5 }, (_, i) => cache.keep('q', i, { n: i }));
    expect(cache.kept('q', 0)).toBe(made[0]);
    expect(Object.isFrozen(made[0])).toBe(true);
    expect(cache.kept('q', MAX_PARTS - 1)).toBe(made[MAX_PARTS - 1]);
    // Past the bound a part is still returned, whole and unfrozen, and nothing more is kept.
    expect(made[MAX_PARTS]).toEqual({ n: MAX_PARTS });
    expect(Object.isFrozen(made[MAX_PARTS])).toBe(false);
    expect(cache.kept('q', MAX_PARTS)).toBeUndefined();
    // A part keyed by an object that is not itself kept (a label list made when that cache was full)
    // could never be found again, so it is not kept.
    const loose = new PartCache();
    const unkeptKey = ['label'];
    expect(Object.isFrozen(loose.keep(unkeptKey, 1, { n: 1 }))).toBe(false);
    expect(loose.kept(unkeptKey, 1)).toBeUndefined();
    const other = new PartCache();
    const kept = other.keep('q', 'a', { v: 1 });
    const second = other.keep('q', 'a', { v: 2 });
    expect(second).toEqual({ v: 2 });
    expect(other.kept('q', 'a')).toBe(kept);
  });
});
