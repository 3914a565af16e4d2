// Issue 16, item 1: a quick scan is an ordinary open response of which the client shows only the
// marked questions; its indicative result is the response's report preview. One response, one token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quickScanQuestions } from '../../core/estimate.js';
import { QUESTIONNAIRES, testApp } from '../helpers/app.js';

let app: Awaited<ReturnType<typeof testApp>>;
beforeAll(async () => {
  app = await testApp({ questionnairesDir: QUESTIONNAIRES });
});
afterAll(() => app.close());

describe('quick scan over the API', () => {
  it('the questionnaire list gives each area\'s scan size and minutes', async () => {
    const list = (await app.inject('/api/questionnaires')).json() as Array<{ id: string; quickScan: { questionCount: number; estimatedMinutes: number } | null }>;
    const byId = new Map(list.map((q) => [q.id, q]));
    for (const area of ['ai', 'quantum', 'xr']) {
      const scan = byId.get(area)!.quickScan!;
      const marked = quickScanQuestions(app.catalog.questionnaires.get(area)!.document).length;
      expect(scan.questionCount, area).toBe(marked);
      expect(scan.estimatedMinutes, area).toBeLessThanOrEqual(5);
    }
  });

  it('scan answers give an indicative report, and the same response continues into the full test with them', async () => {
    const started = await app.inject({ method: 'POST', url: '/api/responses', payload: { questionnaireId: 'ai', locale: 'en' } });
    expect(started.statusCode).toBe(201);
    const { id, token } = started.json();
    const auth = { authorization: `Bearer ${token}` };
    const answers = {
      'ai-significant-decisions': { option: 'no' },
      'ai-personal-data': { option: 'no' },
      'ai-act-prohibited': { options: ['dont-know'] },
      'ai-act-high-risk': { options: ['none'] },
      'ai-user-benefit': { option: 'pilot' },
    };
    const saved = await app.inject({ method: 'PATCH', url: `/api/responses/${id}/answers`, headers: auth, payload: { answers } });
    expect(saved.statusCode, saved.body).toBe(200);
    const report = (await app.inject({ url: `/api/responses/${id}/report?locale=en`, headers: auth })).json();
    expect(report.response.status).toBe('open');
    expect(report.unknownRisks.map((r: { question: string }) => r.question)).toEqual(['ai-act-prohibited']);
    expect(report.dimensions.goal.score).not.toBeNull();
    expect(report.dimensions.precondition.score).not.toBeNull();
    expect(report.actions.length).toBeGreaterThan(0);
    // Continuing is the same response: every scan answer is there.
    const state = (await app.inject({ url: `/api/responses/${id}`, headers: auth })).json();
    expect(Object.keys(state.answers).sort()).toEqual(Object.keys(answers).sort());
  });
});
