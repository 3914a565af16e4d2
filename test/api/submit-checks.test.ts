// Scoring version 2's principle, at the door: not looking must never score better than looking. A
// question that can show a violated precondition (a knock-out or unknown-risk option) left open scores
// nothing and caps nothing, so a test is not submitted while one is open (409 checks-open); any answer
// will do, "weet ik niet" included. Other open questions do not stop a submit.
import type { FastifyInstance } from 'fastify';
import { afterEach, expect, it } from 'vitest';
import { fixtureDir, QUESTIONNAIRES, readFixture, testApp } from '../helpers/app.js';

let app: FastifyInstance;
afterEach(async () => {
  await app?.close();
});

async function started(questionnaireId: string, answers: Record<string, unknown>) {
  const res = await app.inject({ method: 'POST', url: '/api/responses', payload: { questionnaireId, answers } });
  expect(res.statusCode, res.body).toBe(201);
  const { id, token } = res.json() as { id: string; token: string };
  const headers = { authorization: `Bearer ${token}` };
  return {
    id,
    submit: () => app.inject({ method: 'POST', url: `/api/responses/${id}/submit`, headers }),
    save: (a: Record<string, unknown>) => app.inject({ method: 'PATCH', url: `/api/responses/${id}/answers`, headers, payload: { answers: a } }),
    state: async () => (await app.inject({ url: `/api/responses/${id}`, headers })).json(),
    report: async () => (await app.inject({ url: `/api/responses/${id}/report?locale=en`, headers })).json(),
  };
}

it('refuses to submit while a question with a knock-out option is open, keeping the answers; any answer then lets it through', async () => {
  app = await testApp();
  // m-dpia (shown once personal data is processed) has a knock-out option; m-retention, required, has none.
  const r = await started('mini', { 'm-personal-data': { option: 'yes' }, 'm-dpia': { note: 'nog uitzoeken' }, 'm-security': { options: ['mfa'] } });
  const refused = await r.submit();
  expect(refused.statusCode, refused.body).toBe(409);
  expect(refused.json()).toMatchObject({ code: 'checks-open', details: [{ question: 'm-dpia' }] });
  const state = await r.state();
  expect(state.status).toBe('open');
  expect(state.answers['m-dpia']).toEqual({ note: 'nog uitzoeken' });
  // n.v.t. is an answer; the open m-retention does not stop the submit.
  expect((await r.save({ 'm-dpia': { notApplicable: true } })).statusCode).toBe(200);
  const submitted = await r.submit();
  expect(submitted.statusCode, submitted.body).toBe(200);
  expect(submitted.json().status).toBe('submitted');
});

it('a hidden check does not count', async () => {
  app = await testApp({ questionnairesDir: fixtureDir({ 'mini.json': readFixture('mini.json') }) });
  // Without personal data m-dpia is hidden: nothing to answer.
  const hidden = await started('mini', { 'm-personal-data': { option: 'no' } });
  expect((await hidden.submit()).statusCode).toBe(200);
});

it('on the AI test the AI Act self-check must be answered, and "weet ik niet" is an unknown risk', async () => {
  app = await testApp({ questionnairesDir: QUESTIONNAIRES });

  const ai = await started('ai', { 'ai-significant-decisions': { option: 'no' }, 'ai-personal-data': { option: 'no' }, 'ai-user-benefit': { option: 'pilot' } });
  const refused = await ai.submit();
  expect(refused.statusCode).toBe(409);
  const open = refused.json().details.map((d: { question: string }) => d.question);
  expect(open).toContain('ai-act-prohibited');
  const answers: Record<string, unknown> = {};
  // Answer each with "weet ik niet" where the question offers it, else its first option.
  const q = app.catalog.questionnaires.get('ai')!.document;
  for (const id of open) {
    const question = q.sections.flatMap((s) => s.questions).find((x) => x.id === id)!;
    const dontKnow = question.options!.find((o) => o.id === 'dont-know') ?? question.options![0];
    answers[id] = question.type === 'multi' ? { options: [dontKnow.id] } : { option: dontKnow.id };
  }
  expect((await ai.save(answers)).statusCode).toBe(200);
  expect((await ai.submit()).statusCode).toBe(200);
  const report = await ai.report();
  expect(report.unknownRisks.map((u: { question: string }) => u.question)).toContain('ai-act-prohibited');
  expect(report.profileCapped || report.profile === 'incomplete').toBe(true);
});
