// Issue 10 (hygiene and item 11): one error shape for every error the server gives, headers, static
// files, the Bearer scheme, tokens kept out of logs, and lone surrogates refused on every text field.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { connect } from 'node:net';
import { STATUS_CODES } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { ERROR_CODE_LIST, ERROR_CODES, type ErrorCode } from '../../core/error-codes.js';
import { buildApp } from '../../server/build.js';
import { defaultConfig } from '../../server/config.js';
import { fixtureDir, readFixture, testApp } from '../helpers/app.js';
import { assign, bearer, createProgramme, signedIn, staffApp, submittedResponse } from '../helpers/staff.js';

/** A built client folder as Vite writes it, with a source map beside the script. */
function fakeClient(): string {
  const dir = mkdtempSync(join(tmpdir(), 'zelftoets-client-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><div id="app"></div>');
  writeFileSync(join(dir, 'assets/index-abc.js'), 'console.log(1)\n//# sourceMappingURL=index-abc.js.map');
  writeFileSync(join(dir, 'assets/index-abc.js.map'), JSON.stringify({ version: 3, sources: ['../src/secret.ts'], sourcesContent: ['const x = 1'] }));
  return dir;
}

function expectErrorShape(res: { statusCode: number; json(): any }, status: number, code?: ErrorCode) {
  expect(res.statusCode).toBe(status);
  const body = res.json();
  // details is the shape's optional part; code is always there, one of the listed codes, of this status.
  expect(Object.keys(body).filter((k) => k !== 'details').sort()).toEqual(['code', 'error', 'message', 'statusCode']);
  expect(ERROR_CODE_LIST).toContain(body.code);
  expect(ERROR_CODES[body.code as ErrorCode].status).toBe(status);
  if (code) expect(body.code).toBe(code);
  expect(body.statusCode).toBe(status);
  expect(body.error).toBe(STATUS_CODES[status]);
  expect(typeof body.message).toBe('string');
}

let app: FastifyInstance;
beforeAll(async () => {
  app = await testApp({ clientDir: fakeClient() });
});
afterAll(async () => {
  await app.close();
});

describe('headers and the built client', () => {
  it('sends a Permissions-Policy that switches off powerful features', async () => {
    for (const url of ['/', '/api/health', '/api/nope']) {
      const policy = (await app.inject(url)).headers['permissions-policy'];
      expect(policy, url).toBeTypeOf('string');
      for (const feature of ['camera=()', 'microphone=()', 'geolocation=()', 'payment=()']) expect(policy).toContain(feature);
    }
  });

  it('does not serve source maps', async () => {
    expect((await app.inject('/assets/index-abc.js')).statusCode).toBe(200);
    const map = await app.inject('/assets/index-abc.js.map');
    expectErrorShape(map, 404);
    expect(map.body).not.toContain('sourcesContent');
  });

  it('answers HEAD / like GET /', async () => {
    const get = await app.inject({ method: 'GET', url: '/' });
    const head = await app.inject({ method: 'HEAD', url: '/' });
    expect(get.statusCode).toBe(200);
    expect(head.statusCode).toBe(200);
    expect(head.headers['content-type']).toBe(get.headers['content-type']);
    expect(head.body).toBe('');
    expect((await app.inject({ method: 'HEAD', url: '/report/abc' })).statusCode).toBe(200);
  });
});

describe('one error shape', () => {
  it('for framework errors: bad JSON, empty body, unsupported media type, too large, too long, bad URL, static 404', async () => {
    const post = (payload: string, type = 'application/json') => app.inject({ method: 'POST', url: '/api/score', headers: { 'content-type': type }, payload });
    expectErrorShape(await post('{bad'), 400, 'invalid-json');
    expectErrorShape(await post(''), 400, 'invalid-json');
    expectErrorShape(await post('{"__proto__":{"x":1}}'), 400, 'invalid-json');
    expectErrorShape(await post('{"questionnaireId":"ai","answers":{},"zz":1}'), 400, 'invalid-request');
    expectErrorShape(await post('<x/>', 'application/xml'), 415, 'unsupported-media-type');
    expectErrorShape(await post(`"${'x'.repeat(1024 * 1024 + 10)}"`), 413, 'too-large');
    expectErrorShape(await app.inject(`/api/responses/${'a'.repeat(300)}/report`), 414, 'url-too-long');
    expectErrorShape(await app.inject('/api/responses/%E0%A4%A/report'), 400, 'invalid-url');
    expectErrorShape(await app.inject('/assets/nothing.js'), 404, 'not-found');
    expectErrorShape(await app.inject('/api/nothing'), 404, 'not-found');
    expectErrorShape(await app.inject('/api/responses/AAAAAAAAAAAAAAAAAAAAAA/report'), 401, 'token-required');
    expectErrorShape(await app.inject({ url: '/api/responses/AAAAAAAAAAAAAAAAAAAAAA/report', headers: { authorization: `Bearer ${'a'.repeat(43)}` } }), 404, 'response-not-found');
    expectErrorShape(await app.inject('/api/users'), 401, 'not-signed-in');
    expectErrorShape(await post(Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d]) as unknown as string), 400, 'invalid-utf8');
  });

  it('validation errors name the field in details', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/responses', payload: { questionnaireId: 42 } });
    expectErrorShape(res, 400, 'invalid-request');
    expect(res.json().details).toEqual([{ pointer: '/body/questionnaireId', message: expect.any(String) }]);
  });

  it('the rate limiter answers in the same shape', async () => {
    const limited = await testApp({ rateLimitPerMinute: 1 });
    try {
      expect((await limited.inject('/api/questionnaires')).statusCode).toBe(200);
      const res = await limited.inject('/api/questionnaires');
      expectErrorShape(res, 429, 'rate-limited');
      expect(res.headers['retry-after']).toBeDefined();
    } finally {
      await limited.close();
    }
  });

  it('for errors on the connection (timeouts, oversized headers) before any route runs', async () => {
    const { clientErrorBody } = await import('../../server/errors.js');
    const raw = clientErrorBody(431, 'headers-too-large', 'request headers are too large');
    const [head, body] = raw.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
    expect(JSON.parse(body)).toEqual({ statusCode: 431, error: 'Request Header Fields Too Large', code: 'headers-too-large', message: 'request headers are too large' });
    // And on a real connection: oversized headers, then bytes that are not HTTP.
    const served = await testApp();
    try {
      const address = await served.listen({ port: 0, host: '127.0.0.1' });
      const port = Number(new URL(address).port);
      const rawAnswer = (bytes: string) => new Promise<string>((resolve, reject) => {
        let got = '';
        const socket = connect(port, '127.0.0.1', () => socket.write(bytes));
        socket.on('data', (d) => { got += d; });
        socket.on('close', () => resolve(got));
        socket.on('error', reject);
      });
      const big = await rawAnswer(`GET /api/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
      expect(JSON.parse(big.split('\r\n\r\n')[1])).toMatchObject({ statusCode: 431, code: 'headers-too-large' });
      const junk = await rawAnswer('NOT HTTP AT ALL\r\n\r\n');
      expect(JSON.parse(junk.split('\r\n\r\n')[1])).toMatchObject({ statusCode: 400, code: 'malformed-request' });
    } finally {
      await served.close();
    }
  });
});

describe('the Bearer scheme', () => {
  it('is matched case-insensitively (RFC 7235), with one or more spaces', async () => {
    const started = (await app.inject({ method: 'POST', url: '/api/responses', payload: { questionnaireId: 'mini', answers: {} } })).json();
    for (const authorization of [`bearer ${started.token}`, `BEARER ${started.token}`, `Bearer  ${started.token}`]) {
      const res = await app.inject({ url: `/api/responses/${started.id}`, headers: { authorization } });
      expect(res.statusCode, authorization).toBe(200);
    }
    expect((await app.inject({ url: `/api/responses/${started.id}`, headers: { authorization: `Basic ${started.token}` } })).statusCode).toBe(401);
  });
});

describe('logs', () => {
  it('keep tokens out of logged URLs', async () => {
    const lines: string[] = [];
    const stream = new Writable({ write(chunk, _enc, done) { lines.push(chunk.toString()); done(); } });
    const logged = await buildApp(defaultConfig({
      databasePath: ':memory:', questionnairesDir: fixtureDir({ 'mini.json': readFixture('mini.json') }), clientDir: null, rateLimitPerMinute: 0,
    }), { level: 'info', stream });
    const secret = 'Zm9vYmFyYmF6cXV4cXV1eHF1dXpsb25ndG9rZW4xMjM';
    await logged.inject(`/api/health?token=${secret}&locale=nl`);
    await logged.inject(`/api/health?t=${secret}`);
    await logged.inject(`/api/health?print=1#${secret}`);
    await logged.inject(`/api/health?key=short&access_token=abc`);
    await logged.close();
    const all = lines.join('');
    expect(all).toContain('/api/health');
    expect(all).toContain('locale=nl');
    expect(all).not.toContain(secret);
    expect(all).not.toContain('key=short');
    expect(all).not.toContain('access_token=abc');
  });
});

describe('lone surrogates (item 11)', () => {
  let staff: FastifyInstance;
  beforeAll(async () => {
    staff = await staffApp();
  });
  afterAll(async () => {
    await staff.close();
  });
  const LONE = '"a\\ud800b"';
  const send = (method: 'POST' | 'PUT' | 'PATCH', url: string, json: string, headers: Record<string, string> = {}) =>
    staff.inject({ method, url, headers: { ...headers, 'content-type': 'application/json' }, payload: json });

  it('are refused with a 400 naming the field, on every route with text', async () => {
    const r = (await staff.inject({ method: 'POST', url: '/api/responses', payload: { questionnaireId: 'mini', answers: {} } })).json();
    const cases: Array<[Promise<any>, string]> = [
      [send('PATCH', `/api/responses/${r.id}/answers`, `{"answers":{"m-context":{"text":${LONE}}}}`, bearer(r.token)), '/answers/m-context/text'],
      [send('PATCH', `/api/responses/${r.id}/answers`, `{"answers":{"m-dpia":{"option":"partly","note":${LONE}}}}`, bearer(r.token)), '/answers/m-dpia/note'],
      [send('PATCH', `/api/responses/${r.id}`, `{"companyName":${LONE}}`, bearer(r.token)), '/companyName'],
      [send('POST', '/api/responses', `{"questionnaireId":"mini","answers":{"m-context":{"text":"\\udc00"}}}`), '/answers/m-context/text'],
      [send('POST', '/api/score', `{"questionnaireId":"mini","answers":{"m-context":{"text":"x\\udfff"}}}`), '/answers/m-context/text'],
    ];
    for (const [pending, pointer] of cases) {
      const res = await pending;
      expectErrorShape(res, 400);
      expect(res.json().message).toContain(pointer);
      expect(res.json().message).toMatch(/surrogate/);
    }
    // Nothing was stored.
    const state = (await staff.inject({ url: `/api/responses/${r.id}`, headers: bearer(r.token) })).json();
    expect(state.answers).toEqual({});
    expect(state.companyName ?? null).toBeNull();
    // A proper pair (an emoji) is fine.
    const ok = await send('PATCH', `/api/responses/${r.id}/answers`, '{"answers":{"m-context":{"text":"\\ud83d\\ude00"}}}', bearer(r.token));
    expect(ok.statusCode, ok.body).toBe(200);
  });

  it('are refused in the share name and the review comment', async () => {
    const { session: admin } = await signedIn(staff, 'admin@example.org', 'admin');
    const { session: assessor } = await signedIn(staff, 'assessor@example.org', 'assessor');
    const p = await createProgramme(staff, admin);
    await assign(staff, admin, p.id, 'assessor@example.org', 'assessor');
    const r = await submittedResponse(staff);
    const shared = await send('PUT', `/api/responses/${r.id}/programme`, `{"code":"${p.joinCode}","name":${LONE},"confirm":true}`, bearer(r.token));
    expectErrorShape(shared, 400);
    expect(shared.json().message).toContain('/name');
    const ok = await staff.inject({ method: 'PUT', url: `/api/responses/${r.id}/programme`, headers: bearer(r.token), payload: { code: p.joinCode, name: 'Team', confirm: true } });
    expect(ok.statusCode, ok.body).toBe(200);
    const review = await send('PUT', `/api/submissions/${r.id}/review`, `{"scores":{},"judgement":null,"comment":${LONE},"submit":false}`, assessor.write);
    expectErrorShape(review, 400);
    expect(review.json().message).toContain('/comment');
    // A lone surrogate in a key is named too.
    const key = await send('PUT', `/api/submissions/${r.id}/review`, '{"scores":{"\\ud800":{"score":1,"comment":""}},"judgement":null,"comment":"","submit":false}', assessor.write);
    expectErrorShape(key, 400);
    expect(key.json().message).toContain('/scores/');
  });
  // PostgreSQL cannot store NUL in text and answered 500 (found by the routes fuzz on PostgreSQL);
  // both engines now refuse it alike.
  it('NUL characters are refused with a 400, in bodies and in path parameters, on either engine', async () => {
    const r = (await staff.inject({ method: 'POST', url: '/api/responses', payload: { questionnaireId: 'mini', answers: {} } })).json();
    const named = await send('PATCH', `/api/responses/${r.id}`, '{"companyName":"Acme\\u0000BV"}', bearer(r.token));
    expectErrorShape(named, 400);
    expect(named.json()).toMatchObject({ code: 'nul-character' });
    expect(named.json().message).toContain('/companyName');
    for (const url of ['/api/join/%00', '/api/embed/AB%00CD']) {
      const res = await staff.inject({ url });
      expect(res.statusCode, `${url} ${res.body}`).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, `${url} ${res.body}`).toBeLessThan(500);
    }
    const state = (await staff.inject({ url: `/api/responses/${r.id}`, headers: bearer(r.token) })).json();
    expect(state.companyName ?? null).toBeNull();
  });
});
