import { describe, expect, it } from 'vitest';
import { isCheck, openChecks } from '../../core/open-checks.js';
import type { Questionnaire } from '../../core/types.js';
import { readFixture } from '../helpers/app.js';

const mini = readFixture('mini.json') as Questionnaire;
const ids = (answers: Parameters<typeof openChecks>[1]) => openChecks(mini, answers).map((x) => x.id);

describe('openChecks: the questions a test cannot be submitted without', () => {
  it('are the visible questions with a knock-out or unknown-risk option', () => {
    const checks = mini.sections.flatMap((s) => s.questions).filter(isCheck).map((x) => x.id);
    expect(checks).toEqual(['m-dpia']);
    // m-dpia is shown only when personal data is processed.
    expect(ids({})).toEqual([]);
    expect(ids({ 'm-personal-data': { option: 'no' } })).toEqual([]);
    expect(ids({ 'm-personal-data': { option: 'yes' } })).toEqual(['m-dpia']);
  });

  it('count any chosen option or n.v.t. as an answer, a note alone or an empty selection as none', () => {
    const shown = { 'm-personal-data': { option: 'yes' } };
    expect(ids({ ...shown, 'm-dpia': { note: 'later' } })).toEqual(['m-dpia']);
    expect(ids({ ...shown, 'm-dpia': { options: [] } })).toEqual(['m-dpia']);
    for (const answer of [{ option: 'none' }, { option: 'done' }, { notApplicable: true as const }]) expect(ids({ ...shown, 'm-dpia': answer })).toEqual([]);
  });

  it('include unknown-risk questions that are not required', () => {
    const q = structuredClone(mini);
    const retention = q.sections.flatMap((s) => s.questions).find((x) => x.id === 'm-retention')!;
    retention.required = false;
    retention.options!.find((o) => o.id === 'dont-know')!.unknownRisk = { nl: 'Onbekend.', en: 'Unknown.' };
    const answers = { 'm-personal-data': { option: 'yes' }, 'm-dpia': { option: 'partly' } };
    expect(openChecks(q, answers).map((x) => x.id)).toEqual(['m-retention']);
  });
});
