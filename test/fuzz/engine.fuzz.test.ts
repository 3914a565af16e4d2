// Generated and damaged questionnaires at the loader, and generated and malformed answer sets at the
// engine: faults are reported with a pointer, never thrown as crashes, and what passes scores in bounds.
import fc from 'fast-check';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { validateAnswers } from '../../core/answers.js';
import { score } from '../../core/scoring.js';
import type { Answers, Questionnaire } from '../../core/types.js';
import { loadCatalog, QuestionnaireError } from '../../server/questionnaires/catalog.js';
import { buildReport } from '../../server/report/build-report.js';
import { answersArb, questionnaireArb } from '../helpers/arbitraries.js';
import { fixtureDir, QUESTIONNAIRES, testApp } from '../helpers/app.js';

const catalog = loadCatalog(QUESTIONNAIRES);
const real = [...catalog.questionnaires.values()].map((q) => q.document);
const app: FastifyInstance = await testApp();
afterAll(() => app.close());

type Path = Array<string | number>;
function allPaths(value: unknown, at: Path = [], out: Path[] = []): Path[] {
  out.push(at);
  if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) allPaths(v, [...at, Array.isArray(value) ? Number(k) : k], out);
  return out;
}

/** One damage at one place: a wrong type, a removed or unknown field, a huge string, deep nesting. Kept as a
 * small description (built by damaged()) so fast-check can print a counterexample. */
type Damage = { set: unknown } | { remove: true } | { unknownField: true } | { hugeString: number } | { nestedArrays: number };
const damage: fc.Arbitrary<Damage> = fc.oneof(
  fc.constantFrom<unknown>(null, 42, -1, 1e308, true, '', [], {}, 'x').map((set) => ({ set })),
  fc.constant({ remove: true as const }),
  fc.constant({ unknownField: true as const }),
  fc.integer({ min: 1000, max: 200_000 }).map((hugeString) => ({ hugeString })),
  // Deeper than this overflows JSON.stringify in the test itself; test/fuzz/routes sends far deeper raw JSON.
  fc.integer({ min: 10, max: 1500 }).map((nestedArrays) => ({ nestedArrays })),
  fc.jsonValue({ maxDepth: 3 }).map((set) => ({ set })),
);

function damaged(doc: Questionnaire, pick: number, what: Damage): { doc: unknown; where: string } {
  const copy = structuredClone(doc) as any;
  const paths = allPaths(copy);
  const at = paths[pick % paths.length];
  const where = '/' + at.join('/');
  const value = 'set' in what ? what.set
    : 'hugeString' in what ? 'ü'.repeat(what.hugeString)
      : 'nestedArrays' in what ? JSON.parse('['.repeat(what.nestedArrays) + ']'.repeat(what.nestedArrays))
        : undefined;
  if (at.length === 0) return { doc: value ?? [], where };
  const parent = at.slice(0, -1).reduce((n: any, k) => n[k], copy);
  const key = at[at.length - 1];
  if ('remove' in what) Array.isArray(parent) ? parent.splice(Number(key), 1) : delete parent[key];
  else if ('unknownField' in what) {
    const target = parent[key];
    if (target && typeof target === 'object' && !Array.isArray(target)) target['zz-unknown'] = 1;
    else parent[key] = { 'zz-unknown': 1 };
  } else parent[key] = value;
  return { doc: copy, where };
}

function expectBoundedScores(q: Questionnaire, answers: Answers) {
  const r = score(q, answers, catalog.values);
  for (const v of r.values) if (v.score !== null) expect(v.score).toBeGreaterThanOrEqual(0), expect(v.score).toBeLessThanOrEqual(100 + 1e-9);
  expect(r.completeness).toBeGreaterThanOrEqual(0);
  expect(r.completeness).toBeLessThanOrEqual(1);
  for (const locale of ['nl', 'en'] as const) {
    const report = buildReport({ questionnaire: q, answers, values: catalog.values, instruments: catalog.instruments, locale });
    expect(JSON.stringify(report).length).toBeGreaterThan(0);
  }
}

describe('the loader on damaged questionnaires', () => {
  it('reports every damage as faults with a JSON pointer, never as a crash', () => {
    fc.assert(fc.property(fc.nat({ max: real.length - 1 }), fc.nat(), damage, (n, pick, what) => {
      const { doc: bad, where } = damaged(real[n], pick, what);
      let faults;
      try {
        faults = catalog.validate(bad, 'fuzz.json');
      } catch (err) {
        throw new Error(`validate threw on damage at ${where}: ${(err as Error).stack}`);
      }
      for (const f of faults) {
        expect(f.pointer === '' || f.pointer.startsWith('/'), `${where}: ${JSON.stringify(f)}`).toBe(true);
        expect(f.message.length).toBeGreaterThan(0);
      }
      // Some damage is harmless (a changed text); what the loader accepts must then work all the way to a report.
      if (faults.length === 0) expectBoundedScores(bad as Questionnaire, {});
    }), { numRuns: 300 });
  });

  it('stops start-up with a QuestionnaireError naming the file, whatever is wrong with it', () => {
    fc.assert(fc.property(fc.nat(), damage, fc.boolean(), (pick, what, truncate) => {
      const { doc } = damaged(real[0], pick, what);
      const text = JSON.stringify(doc);
      const dir = fixtureDir({});
      writeFileSync(join(dir, 'broken.json'), truncate ? text.slice(0, Math.floor(text.length / 2)) : text);
      try {
        loadCatalog(dir);
      } catch (err) {
        expect(err).toBeInstanceOf(QuestionnaireError);
        expect((err as QuestionnaireError).faults.every((f) => f.file === 'broken.json')).toBe(true);
        return;
      }
      expect(truncate).toBe(false);
    }), { numRuns: 25 });
  });

  it('answers inline questionnaires at POST /api/score with 200 or a 4xx, never a 5xx', async () => {
    await fc.assert(fc.asyncProperty(fc.nat({ max: real.length - 1 }), fc.nat(), damage, async (n, pick, what) => {
      const { doc: bad, where } = damaged(real[n], pick, what);
      const res = await app.inject({ method: 'POST', url: '/api/score', payload: { questionnaire: bad, answers: {} } });
      expect(res.statusCode, `${where}: ${res.body.slice(0, 300)}`).toBeLessThan(500);
      if (res.statusCode >= 400) expect(res.json().message).toMatch(/\S/);
    }), { numRuns: 60 });
  });

  it('accepts generated valid questionnaires', () => {
    fc.assert(fc.property(questionnaireArb(catalog.values), (q) => {
      const faults = catalog.validate(q, 'generated.json');
      expect(faults).toEqual([]);
    }), { numRuns: 100 });
  });
});

/** Answer sets a client might send: right ids with wrong shapes, unknown ids, and valid answers mixed in. */
function messyAnswers(q: Questionnaire): fc.Arbitrary<Record<string, unknown>> {
  const ids = q.sections.flatMap((s) => s.questions.map((x) => x.id));
  const optionIds = q.sections.flatMap((s) => s.questions.flatMap((x) => (x.options ?? []).map((o) => o.id)));
  const answer = fc.oneof(
    fc.record({ option: fc.constantFrom(...optionIds, 'nope') }, { requiredKeys: [] }),
    fc.record({ options: fc.array(fc.constantFrom(...optionIds, 'nope'), { maxLength: 4 }) }),
    fc.record({ notApplicable: fc.constant(true as const) }),
    fc.record({ text: fc.string({ maxLength: 30 }), note: fc.string({ maxLength: 30 }) }, { requiredKeys: [] }),
    fc.record({ option: fc.constantFrom(...optionIds), text: fc.string() }),
  );
  return fc.tuple(answersArb(q), fc.dictionary(fc.constantFrom(...ids, 'zz-unknown'), answer, { maxKeys: 8 }))
    .map(([valid, messy]) => ({ ...valid, ...messy }));
}

describe('the engine on generated answer sets', () => {
  for (const q of real) {
    it(`${q.id}: validation catches what scoring cannot take, and the rest scores in bounds`, () => {
      fc.assert(fc.property(messyAnswers(q), (answers) => {
        const errors = validateAnswers(q, answers as Answers);
        if (errors.length === 0) expectBoundedScores(q, answers as Answers);
        else for (const e of errors) expect(e.message.length).toBeGreaterThan(0);
      }), { numRuns: 150 });
    });
  }

  it('generated questionnaires with their own answer sets produce a report in both languages', () => {
    fc.assert(fc.property(questionnaireArb(catalog.values).chain((q) => answersArb(q).map((a) => ({ q, a }))), ({ q, a }) => {
      expect(validateAnswers(q, a)).toEqual([]);
      expectBoundedScores(q, a);
    }), { numRuns: 150 });
  });
});

// Keep the real files untouched by the damage above (structuredClone everywhere): a last check.
it('did not alter the questionnaires on disk', () => {
  const onDisk = JSON.parse(readFileSync(join(QUESTIONNAIRES, 'ai.json'), 'utf8'));
  expect(onDisk.id).toBe('ai');
  expect(catalog.validate(onDisk, 'ai.json')).toEqual([]);
});
