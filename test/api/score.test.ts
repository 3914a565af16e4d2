import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import Fastify from 'fastify';
import fp from 'fastify-plugin';
import appPlugin from '../../server/app.js';
import { serverOptions } from '../../server/build.js';
import { readFixture, testApp } from '../helpers/app.js';
import * as tables from '../helpers/db.js';

let app: FastifyInstance;
beforeAll(async () => {
  app = await testApp();
});
afterAll(async () => {
  await app.close();
});

const answers = {
  'm-personal-data': { option: 'yes' }, 'm-dpia': { option: 'partly' }, 'm-retention': { option: 'yes' },
  'm-security': { options: ['mfa'] }, 'm-energy': { option: 'yes' }, 'm-context': { text: 'A chatbot' },
};

describe('POST /api/score', () => {
  it('scores by questionnaire id in exactly the contract shape', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/score', payload: { questionnaireId: 'mini', answers } });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(Object.keys(body).sort()).toEqual(['actions', 'completeness', 'dimensions', 'knockouts', 'profile', 'profileCapped', 'questionnaire', 'scoringVersion', 'unknownRisks', 'values']);
    expect(body.questionnaire).toEqual({ id: 'mini', version: '1.0.0' });
    expect(body.profile).toBe('valuable');
    expect(body.completeness).toBe(1);
    expect(body.dimensions).toEqual({ goal: { score: 100 }, precondition: { score: 57.5 } });
    expect(body.values).toHaveLength(13);
    expect(body.values[0]).toEqual({ id: 'quality-of-life', dimension: 'goal', score: null, status: 'unscored' });
    expect(body.values.find((v: any) => v.id === 'privacy')).toEqual({ id: 'privacy', dimension: 'precondition', score: 62.5, status: 'sufficient' });
    expect(body.knockouts).toEqual([]);
  });

  it('scores against an inline questionnaire and stores nothing', async () => {
    const before = (await tables.row(app, 'SELECT count(*) AS n FROM responses'));
    const res = await app.inject({ method: 'POST', url: '/api/score', payload: { questionnaire: readFixture('mini.json'), answers: { ...answers, 'm-dpia': { option: 'none' } } } });
    expect(res.statusCode).toBe(200);
    expect(res.json().knockouts).toEqual([{ question: 'm-dpia', option: 'none', values: ['privacy'] }]);
    expect((await tables.row(app, 'SELECT count(*) AS n FROM responses'))).toEqual(before);
  });

  it('names the JSON pointer of a fault in an inline questionnaire', async () => {
    const q = readFixture('mini.json');
    q.sections[1].questions[1].visibleIf = { question: 'm-security', anyOf: ['mfa'] };
    const res = await app.inject({ method: 'POST', url: '/api/score', payload: { questionnaire: q, answers: {} } });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain('/questionnaire/sections/1/questions/1/visibleIf/question: visibleIf refers to a later question "m-security"');
    expect(res.json().details[0].pointer).toBe('/questionnaire/sections/1/questions/1/visibleIf/question');

    const bad = readFixture('mini.json');
    bad.sections[1].questions[0].options[0].score = 1.5;
    const res2 = await app.inject({ method: 'POST', url: '/api/score', payload: { questionnaire: bad, answers: {} } });
    expect(res2.statusCode).toBe(400);
    expect(res2.json().message).toContain('/questionnaire/sections/1/questions/0/options/0/score: must be <= 1');
  });

  it('refuses bad requests with a 4xx JSON error', async () => {
    const cases = [
      [{ answers: {} }, 400, /exactly one of questionnaireId or questionnaire/],
      [{ questionnaireId: 'mini', questionnaire: readFixture('mini.json'), answers: {} }, 400, /exactly one/],
      [{ questionnaireId: 'nope', answers: {} }, 404, /no questionnaire "nope"/],
      [{ questionnaireId: 'mini', answers: { 'm-dpia': { option: 'zzz' } } }, 400, /answers\/m-dpia: unknown option "zzz"/],
      [{ questionnaireId: 'mini', answers: { 'm-dpia': { notApplicable: false } } }, 400, /notApplicable/],
      [{ questionnaireId: 'mini' }, 400, /answers/],
      [{ questionnaireId: 'mini', answers: [] }, 400, /answers must be object/],
      [{ questionnaireId: 'mini', answers: {}, surprise: 1 }, 400, /additional properties/],
      [{ questionnaireId: 'Mini!', answers: {} }, 400, /questionnaireId/],
    ] as const;
    for (const [payload, status, message] of cases) {
      const res = await app.inject({ method: 'POST', url: '/api/score', payload });
      expect(res.statusCode, JSON.stringify(payload).slice(0, 80)).toBe(status);
      expect(res.json()).toMatchObject({ statusCode: status });
      expect(res.json().message).toMatch(message);
    }
  });
});

describe('questionnaires, catalogue, health and OpenAPI', () => {
  it('lists questionnaires and serves one per locale or both', async () => {
    const list = (await app.inject('/api/questionnaires?locale=en')).json();
    expect(list).toEqual([expect.objectContaining({ id: 'mini', area: 'ai', title: 'Mini test', questionCount: 6 })]);
    expect(list[0].estimatedMinutes).toBeGreaterThanOrEqual(1);
    const both = (await app.inject('/api/questionnaires/mini')).json();
    expect(both.title).toEqual({ nl: 'Mini-toets', en: 'Mini test' });
    const nl = (await app.inject('/api/questionnaires/mini?locale=nl')).json();
    expect(nl.sections[0].questions[0].prompt).toBe('Verwerkt u persoonsgegevens?');
    expect((await app.inject('/api/questionnaires/nope')).statusCode).toBe(404);
    expect((await app.inject('/api/questionnaires/mini?locale=fr')).statusCode).toBe(400);
  });

  it('serves the value catalogue in catalogue order', async () => {
    const body = (await app.inject('/api/catalogue?locale=en')).json();
    expect(body.values.map((v: any) => v.id)).toEqual([
      'quality-of-life', 'sustainability', 'participation', 'economic-innovation', 'public-services',
      'privacy', 'security', 'autonomy', 'control', 'human-dignity', 'justice', 'power-relations', 'democracy',
    ]);
    expect(body.instruments.length).toBeGreaterThan(20);
  });

  it('is ready once migrations ran and questionnaires loaded', async () => {
    const res = await app.inject('/api/health');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', questionnaires: ['mini'] });
  });

  it('describes every route in OpenAPI 3 with request and response schemas', async () => {
    // Collect the routes the app really registers, then demand each in the document.
    const routes: string[] = [];
    const probe = Fastify(serverOptions(app.config));
    probe.addHook('onRoute', (r) => {
      const methods = ([] as string[]).concat(r.method).filter((m) => m !== 'HEAD');
      if (r.url.startsWith('/api/')) for (const m of methods) routes.push(`${m} ${r.url.replace(/:(\w+)/g, '{$1}')}`);
    });
    await probe.register(fp(appPlugin), { config: app.config });
    await probe.ready();
    const doc = (await probe.inject('/api/openapi.json')).json();
    await probe.close();
    expect(doc.openapi).toMatch(/^3\./);
    const documented = Object.entries(doc.paths).flatMap(([path, ops]: [string, any]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    expect(routes.length).toBeGreaterThan(10);
    for (const route of routes) expect(documented, route).toContain(route);
    // The routes the contract and the respondent depend on, by name.
    for (const route of ['GET /api/health', 'GET /api/openapi.json', 'POST /api/score', 'GET /api/questionnaires', 'GET /api/questionnaires/{id}',
      'POST /api/responses', 'PATCH /api/responses/{id}/answers', 'POST /api/responses/{id}/submit', 'GET /api/responses/{id}/report', 'DELETE /api/responses/{id}']) {
      expect(documented).toContain(route);
    }
    for (const [path, ops] of Object.entries(doc.paths) as [string, any][]) {
      for (const [method, op] of Object.entries(ops) as [string, any][]) {
        const success = Object.keys(op.responses).filter((c) => /^2/.test(c));
        expect(success.length, `${method} ${path} has a success response`).toBeGreaterThan(0);
        // Every route that takes input documents how it refuses bad input.
        if (!['/api/health', '/api/openapi.json'].includes(path)) {
          expect(Object.keys(op.responses).some((c) => /^4/.test(c)), `${method} ${path} documents its 4xx`).toBe(true);
        }
        if ((method === 'post' || method === 'patch' || method === 'put') && op.requestBody === undefined) {
          // Only action routes without input may omit a body.
          expect(path, `${method} ${path} has no request body`).toMatch(/\/(submit|retake|logout|withdraw)$|\{[^}]+\}\/[a-z-]+$/);
        }
      }
    }
  });

  it('answers unknown API paths with a JSON 404 and sets security headers', async () => {
    const res = await app.inject('/api/nothing-here');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ statusCode: 404, error: 'Not Found' });
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('no-store');
    expect((await app.inject('/api/questionnaires')).headers['cache-control']).toBe('no-store');
  });
});

describe('POST /api/score, scoring version 2', () => {
  const v2 = readFixture('mini-v2.json');
  const top = { 'v-dpia': { option: 'done' }, 'v-content': { option: 'labelled' }, 'v-security': { options: ['mfa', 'pentest'] }, 'v-energy': { option: 'yes' }, 'v-context': { text: 'x' } };

  it('returns unknown risks, the capped profile and the action list in the contract shape', async () => {
    const res = await app.inject({
      method: 'POST', url: '/api/score',
      payload: { questionnaire: v2, answers: { ...top, 'v-dpia': { option: 'dont-know' }, 'v-energy': { option: 'half' } } },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.unknownRisks).toEqual([{ question: 'v-dpia', option: 'dont-know', values: ['privacy'] }]);
    expect(body.values.find((v: any) => v.id === 'privacy').status).toBe('unknown-risk');
    // P = (3·0 + 2·100 + 1·100) / 6 = 50 ≥ 50 and G = 50 ≥ 50: valuable, were it not for the unknown risk.
    expect(body.dimensions).toEqual({ goal: { score: 50 }, precondition: { score: 50 } });
    expect(body.profile).toBe('promising-with-risks');
    expect(body.profileCapped).toBe(true);
    expect(body.actions).toEqual([
      { question: 'v-dpia', kind: 'unknown-risk', priority: 6, advice: { nl: 'Zoek uit of een DPIA verplicht is.', en: 'Find out whether a DPIA is required.' }, instruments: ['dpia', 'avg'] },
      { question: 'v-energy', kind: 'improve', priority: 1, advice: { nl: 'Meet het energiegebruik.', en: 'Measure energy use.' }, instruments: [] },
    ]);
    expect(body.scoringVersion).toBe(2);
  });

  it('gives an answer without risks an uncapped profile and an empty action list', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/score', payload: { questionnaireId: 'mini', answers } });
    expect(res.json()).toMatchObject({ unknownRisks: [], profileCapped: false, actions: [{ question: 'm-dpia', kind: 'improve', priority: 3 }, { question: 'm-security', kind: 'improve', priority: 2.5 }] });
  });

  it('refuses an exclusive option combined with another, naming the question', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/score', payload: { questionnaire: v2, answers: { 'v-security': { options: ['none', 'mfa'] } } } });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toBe('answers/v-security: option "none" is exclusive and cannot be combined with other options');
  });

  it('refuses an inline questionnaire that breaks a rule of version 2, naming the pointer', async () => {
    const bad = structuredClone(v2);
    bad.sections[0].questions[0].options[1].score = 0.5;
    const res = await app.inject({ method: 'POST', url: '/api/score', payload: { questionnaire: bad, answers: {} } });
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0]).toEqual({ pointer: '/questionnaire/sections/0/questions/0/options/1/score', message: 'option "dont-know" of question "v-dpia" is an unknown risk and must score 0, not 0.5' });
  });
});
