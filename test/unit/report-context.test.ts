// The context block (review item 15): the intake answers, apart from the scores.
import { describe, expect, it } from 'vitest';
import { contextAnswers } from '../../core/report-context.js';
import { buildReport } from '../../server/report/build-report.js';
import { loadCatalog } from '../../server/questionnaires/catalog.js';
import { ROOT } from '../helpers/app.js';
import { join } from 'node:path';

const row = (question: string, values: string[], answer: string | null = question, notApplicable = false) => ({ question, prompt: question, answer, notApplicable, note: null, values });

describe('contextAnswers', () => {
  it('takes the answers before the first scored one, without n.v.t. or empty ones', () => {
    const answers = [row('role', []), row('na', [], null, true), row('blank', [], '  '), row('customers', []), row('scored', ['privacy']), row('notes', [])];
    expect(contextAnswers(answers).map((a) => a.question)).toEqual(['role', 'customers']);
  });
  it('is empty when the first answer is scored or there are none', () => {
    expect(contextAnswers([row('scored', ['privacy']), row('later', [])])).toEqual([]);
    expect(contextAnswers([])).toEqual([]);
  });
  it.each(['ai', 'xr', 'quantum'])('is exactly the %s intake section of a real report, never its closing note', (area) => {
    const catalog = loadCatalog(join(ROOT, 'questionnaires'));
    const q = catalog.questionnaires.get(area)!.document;
    // Every question answered with its first option (or a text): the intake and the closing note both.
    const answers = Object.fromEntries(q.sections.flatMap((s) => s.questions).map((x) => [x.id, x.type === 'text' ? { text: 'x' } : x.type === 'multi' ? { options: [x.options![0].id] } : { option: x.options![0].id }]));
    const report = buildReport({ questionnaire: q, answers, values: catalog.values, instruments: catalog.instruments, locale: 'nl' });
    const intake = q.sections[0].questions.map((x) => x.id);
    const got = contextAnswers(report.answers).map((a) => a.question);
    expect(got.length).toBeGreaterThan(0);
    for (const id of got) expect(intake).toContain(id);
    // Every intake answer the report shows is in it.
    expect(got).toEqual(report.answers.filter((a) => intake.includes(a.question) && !a.notApplicable && a.answer).map((a) => a.question));
  });
});
