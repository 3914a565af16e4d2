// The report's size (issue 11): since scoring version 2 every action carried its instruments in
// full, so the same descriptions travelled many times in each report and reports/s halved. The
// instruments are now said once, in `report.instruments`, and everything else names them by id.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { roundHalfAway } from '../../core/scoring.js';
import type { Answers, Questionnaire } from '../../core/types.js';
import { loadCatalog } from '../../server/questionnaires/catalog.js';
import { buildReport, type Report } from '../../server/report/build-report.js';
import { QUESTIONNAIRES } from '../helpers/app.js';

const catalog = loadCatalog(QUESTIONNAIRES);

/**
 * A full, realistic answer set that makes the longest report: every question answered with its
 * weakest real option (so nearly every question becomes an action), a note on every fifth.
 */
function weakAnswers(q: Questionnaire): Answers {
  const answers: Answers = {};
  q.sections.flatMap((s) => s.questions).forEach((x, n) => {
    const real = (x.options ?? []).filter((o) => !o.knockout && !o.unknownRisk && !o.exclusive && !o.notApplicable);
    const note = n % 5 === 0 ? { note: 'We werken hier aan, zie het plan voor het volgende kwartaal.' } : {};
    if (x.type === 'text') answers[x.id] = { text: 'Een assistent die aanvragen van burgers samenvat voor gemeenten.', ...note };
    else if (x.type === 'multi') answers[x.id] = { options: [(real[0] ?? x.options![0]).id], ...note };
    else answers[x.id] = { option: (real[0] ?? x.options![0]).id, ...note };
  });
  return answers;
}

function referencedInstruments(report: Report): Set<string> {
  return new Set([
    ...report.actions.flatMap((a) => a.instruments),
    ...report.knockouts.flatMap((k) => k.action?.instruments ?? []),
    ...report.values.flatMap((v) => v.recommendation?.instruments ?? []),
  ]);
}

describe('the report says each instrument once', () => {
  for (const { document: q } of catalog.questionnaires.values()) {
    for (const locale of ['nl', 'en'] as const) {
      it(`${q.id} (${locale}): a full answer set stays under 70 KiB (96 KiB before), instruments in a dictionary of exactly those referenced`, () => {
        const report = buildReport({ questionnaire: q, answers: weakAnswers(q), values: catalog.values, instruments: catalog.instruments, locale });
        expect(report.actions.length).toBeGreaterThan(15);
        const bytes = Buffer.byteLength(JSON.stringify(report));
        expect(bytes).toBeLessThan(70 * 1024);
        // Actions, knock-outs and value summaries carry ids; every id is in the dictionary, and the
        // dictionary holds nothing the report does not name.
        const referenced = referencedInstruments(report);
        for (const id of referenced) expect(typeof id).toBe('string');
        expect(new Set(Object.keys(report.instruments))).toEqual(referenced);
        const expected = catalog.instruments.find((i) => i.id === [...referenced][0])!;
        expect(report.instruments[expected.id]).toEqual({ name: expected.name[locale], description: expected.description[locale], url: expected.url ?? null });
      });
    }
  }
});

// The report's cost: roundHalfAway took a fifth of it through its decimal string round trip, so it
// now multiplies where that cannot differ. It must give exactly what the decimal route gives.
describe('roundHalfAway', () => {
  const decimal = (x: number, digits: number) => {
    const a = Math.abs(x);
    if (a < 1e-6) return 0;
    if (a >= 1e21 || !Number.isFinite(a)) return x;
    const r = Number(`${Math.round(Number(`${Number(a.toPrecision(15))}e${digits}`))}e-${digits}`);
    return x < 0 ? -r : r;
  };
  it('equals the decimal route on scores, weights, ties and arbitrary doubles', () => {
    const ties = fc.tuple(fc.integer({ min: -1e6, max: 1e6 }), fc.integer({ min: 0, max: 4 })).map(([k, d]) => Number(`${k}.5e-${d}`));
    const fractions = fc.tuple(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 1, max: 1000 })).map(([a, b]) => (100 * a) / b);
    fc.assert(fc.property(fc.oneof(fc.double({ noNaN: true }), fc.double({ min: -1e4, max: 1e4, noNaN: true }), ties, fractions), fc.integer({ min: 0, max: 6 }), (x, d) => {
      expect(Object.is(roundHalfAway(x, d), decimal(x, d)) || roundHalfAway(x, d) === decimal(x, d)).toBe(true);
    }), { numRuns: 20_000 });
    for (const [x, d, r] of [[62.45, 1, 62.5], [48.05, 1, 48.1], [0.6665, 3, 0.667], [-2.25, 1, -2.3], [1.005, 2, 1.01], [66.66666666666667, 1, 66.7]] as const) expect(roundHalfAway(x, d)).toBe(r);
  });
});

// Issue 11: a value whose status is `unknown-risk` had no summary ("In het kort") in any area.
describe('the unknown-risk summary', () => {
  for (const { document: q } of catalog.questionnaires.values()) {
    it(`${q.id}: every value an unknown risk makes unknown-risk gets its own summary, in nl and en`, () => {
      const risky = q.sections.flatMap((s) => s.questions).filter((x) => x.options?.some((o) => o.unknownRisk));
      expect(risky.length).toBeGreaterThan(0);
      const answers = weakAnswers(q);
      for (const x of risky) {
        const o = x.options!.find((y) => y.unknownRisk)!;
        answers[x.id] = x.type === 'multi' ? { options: [o.id] } : { option: o.id };
      }
      for (const locale of ['nl', 'en'] as const) {
        const report = buildReport({ questionnaire: q, answers, values: catalog.values, instruments: catalog.instruments, locale });
        const unknown = report.values.filter((v) => v.status === 'unknown-risk');
        expect(unknown.length).toBeGreaterThan(0);
        for (const v of unknown) {
          expect(v.recommendation, `${q.id}/${v.id}`).not.toBeNull();
          expect(v.recommendation!.step.length).toBeGreaterThan(20);
          expect(v.recommendation!.instruments.length).toBeGreaterThan(0);
        }
      }
    });
  }
});
