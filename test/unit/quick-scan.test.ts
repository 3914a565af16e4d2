// Issue 16, item 1: the quick scan is marked in the questionnaire format and checked by the loader.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { estimateMinutes, estimateQuestions, estimateQuickScan, quickScanQuestions } from '../../core/estimate.js';
import { QUICK_SCAN_MAX } from '../../core/questionnaire-rules.js';
import type { Questionnaire } from '../../core/types.js';
import { loadCatalog, QuestionnaireError } from '../../server/questionnaires/catalog.js';
import { fixtureDir, QUESTIONNAIRES } from '../helpers/app.js';

const AREAS = ['ai', 'quantum', 'xr'] as const;
const load = (id: string) => JSON.parse(readFileSync(join(QUESTIONNAIRES, `${id}.json`), 'utf8')) as Questionnaire;
const find = (q: Questionnaire, id: string) => q.sections.flatMap((s) => s.questions).find((x) => x.id === id)!;

function faultsOf(area: string, mutate: (q: Questionnaire) => void): string {
  const q = load(area);
  mutate(q);
  try {
    loadCatalog(fixtureDir({ [`${area}.json`]: q }));
  } catch (err) {
    expect(err).toBeInstanceOf(QuestionnaireError);
    return (err as Error).message;
  }
  throw new Error('expected the questionnaire to be refused');
}

describe('quick scan: loader rules', () => {
  it('the shipped questionnaires each have a quick scan of at most twelve questions that loads', () => {
    const catalog = loadCatalog(QUESTIONNAIRES);
    for (const area of AREAS) {
      const n = quickScanQuestions(catalog.questionnaires.get(area)!.document).length;
      expect(n, area).toBeGreaterThanOrEqual(8);
      expect(n, area).toBeLessThanOrEqual(QUICK_SCAN_MAX);
    }
  });

  it('refuses a scan that misses a knock-out value, pointing at a question that would cover it', () => {
    // ai-training-legal-basis is the only knock-out question on privacy.
    expect(faultsOf('ai', (q) => delete find(q, 'ai-training-legal-basis').quickScan))
      .toMatch(/ai\.json: \/sections\/2\/questions\/0\/quickScan: the quick scan has no knock-out question on value "privacy"/);
  });

  it('refuses an AI scan without the AI Act self-check', () => {
    expect(faultsOf('ai', (q) => delete find(q, 'ai-act-high-risk').quickScan))
      .toContain('the quick scan of area "ai" must include question "ai-act-high-risk" (the AI Act self-check)');
  });

  it('refuses a scan question whose condition lies outside the scan', () => {
    expect(faultsOf('xr', (q) => delete find(q, 'xr-data').quickScan))
      .toContain('quick-scan question "xr-third-party-sharing" depends on "xr-data", which is not in the quick scan');
  });

  it(`refuses more than ${QUICK_SCAN_MAX} marked questions`, () => {
    expect(faultsOf('quantum', (q) => {
      for (const x of q.sections.flatMap((s) => s.questions).filter((x) => !x.visibleIf).slice(0, 13)) x.quickScan = true;
    })).toMatch(/quickScan: the quick scan has \d+ questions; at most 12 may be marked/);
  });

  it('schema: quickScan can only be true', () => {
    expect(faultsOf('ai', (q) => ((find(q, 'ai-role') as any).quickScan = false))).toContain('quickScan: must be equal to constant');
  });

  it('no mark at all is no scan and no fault', () => {
    const q = load('ai');
    for (const x of q.sections.flatMap((s) => s.questions)) delete x.quickScan;
    expect(() => loadCatalog(fixtureDir({ 'ai.json': q }))).not.toThrow();
    expect(estimateQuickScan(q)).toBeNull();
  });
});

describe('quick scan: estimate', () => {
  it('every area\'s scan takes at most five minutes in both languages', () => {
    for (const area of AREAS) {
      for (const locale of ['nl', 'en'] as const) expect(estimateQuickScan(load(area), locale), `${area} ${locale}`).toBeLessThanOrEqual(5);
    }
  });

  it('a subset is estimated by the same measure as the whole', () => {
    const q = load('ai');
    const all = q.sections.flatMap((s) => s.questions);
    expect(estimateQuestions(all)).toBe(estimateMinutes(q));
    expect(estimateQuestions(all.slice(0, 6))).toBeLessThan(estimateMinutes(q));
    // 10 seconds a question plus reading: one short question is still at least a minute.
    expect(estimateQuestions([all[0]])).toBe(1);
    expect(estimateQuestions([])).toBe(1);
  });
});

describe('quick scan: client logic', () => {
  it('cuts the questionnaire down to the marked questions and counts what is shown and answered', async () => {
    const { scanQuestionnaire, scanProgress, scanActions } = await import('../../client/src/logic/quick-scan.js');
    const q = load('ai');
    const scan = scanQuestionnaire(q);
    expect(scan.sections.flatMap((s) => s.questions).map((x) => x.id)).toEqual(quickScanQuestions(q).map((x) => x.id));
    expect(scan.sections.every((s) => s.questions.length > 0)).toBe(true);
    // ai-training-personal-data shows only when personal data is processed.
    const none = scanProgress(scan, {});
    const some = scanProgress(scan, { 'ai-personal-data': { option: 'yes' } });
    expect(some.shown.length).toBe(none.shown.length + 1);
    expect(some.answered).toBe(1);
    const action = (question: string, kind: 'knockout' | 'improve') => ({ question, kind, priority: 1, values: [], prompt: '', answer: [], text: null, why: null, instruments: [] });
    expect(scanActions({ knockouts: [], actions: ['a', 'b', 'c', 'd'].map((x) => action(x, 'improve')) }).map((a) => a.question)).toEqual(['a', 'b', 'c']);
  });
});
