// Hostile input against every registered route, as the people allowed to call it (an admin's session,
// the respondent's token, the programme's API key): overlong, NUL, invalid-UTF-8, traversal and
// non-ASCII path parameters; huge, negative, NaN, repeated and array query values; overlong and
// malformed credentials in headers; bodies of the wrong type, nested 10,000 deep, with 100,000 items,
// 1e400, 1 MB strings, prototype keys, and the wrong content type; and edge values that fit the
// schemas (dates in year 0 and 9999), stored and read back. The rule: bad input gets a 4xx JSON error
// in the one error shape with a listed code, never a 5xx, never a hang or seconds of work, and the
// app answers afterwards.
// The routes come from an onRoute hook, so a route added later is covered without editing this file.
import { STATUS_CODES } from 'node:http';
import Fastify, { type FastifyInstance, type InjectOptions, type RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODE_LIST, ERROR_CODES, type ErrorCode } from '../../core/error-codes.js';
import appPlugin from '../../server/app.js';
import { serverOptions } from '../../server/build.js';
import { defaultConfig } from '../../server/config.js';
import { createClarificationRepository } from '../../server/repositories/clarifications.js';
import { fixtureDir, readFixture } from '../helpers/app.js';
import { freshSchema, ON_POSTGRES, TEST_DATABASE_URL } from '../helpers/postgres.js';
import { createUser, login, share, submittedResponse, TEST_HASH_COST, type Session } from '../helpers/staff.js';

interface Route { method: string; url: string; schema: Record<string, any> }

let app: FastifyInstance;
let drop: () => Promise<void> = async () => {};
const routes: Route[] = [];

/** The app as testApp builds it, with an onRoute hook in front to list every route registered. */
async function appWithRoutes() {
  const config = defaultConfig({
    databasePath: ':memory:', questionnairesDir: fixtureDir({ 'mini.json': readFixture('mini.json') }), clientDir: null,
    rateLimitPerMinute: 0, passwordHashCost: TEST_HASH_COST,
  });
  let full = config;
  if (ON_POSTGRES) {
    const fresh = await freshSchema();
    drop = fresh.drop;
    full = { ...config, databaseUrl: TEST_DATABASE_URL, databaseSchema: fresh.schema, databasePoolSize: 4 };
  }
  const fastify = Fastify(serverOptions(full));
  fastify.addHook('onRoute', (r: RouteOptions) => {
    for (const method of [r.method].flat()) {
      if (method !== 'HEAD' && method !== 'OPTIONS') routes.push({ method, url: r.url, schema: (r.schema ?? {}) as Record<string, any> });
    }
  });
  await fastify.register(fp(appPlugin), { config: full });
  await fastify.ready();
  return fastify;
}

const ids = {} as {
  programme: string; joinCode: string; submitted: { id: string; token: string }; open: { id: string; token: string };
  user: string; apiKey: string; draft: string; keyId: string; webhookId: string; threadId: string; fileId: string;
};

beforeAll(async () => {
  app = await appWithRoutes();
  const adminUser = await createUser(app, 'admin@example.org', 'admin');
  const admin = await login(app, 'admin@example.org');
  const p = (await app.inject({ method: 'POST', url: '/api/programmes', headers: admin.write, payload: { name: 'Programma', kind: 'subsidy', areas: ['ai'] } })).json();
  ids.programme = p.id;
  ids.joinCode = p.joinCode;
  ids.user = (await createUser(app, 'assessor@example.org', 'assessor')).id;
  await app.staffRepos.programmes.addMember(p.id, ids.user);
  ids.submitted = await submittedResponse(app);
  await share(app, ids.submitted, p.joinCode, 'Team');
  ids.open = (await app.inject({ method: 'POST', url: '/api/responses', payload: { questionnaireId: 'mini', answers: {} } })).json();
  const key = await app.integration.apiKeys.create({ programmeId: p.id, name: 'k', createdBy: adminUser.id });
  ids.apiKey = key.key;
  ids.keyId = key.row.id;
  ids.webhookId = (await app.integration.webhooks.create({ programmeId: p.id, url: 'https://hooks.example.org/x', events: ['review.submitted'], createdBy: null })).id;
  ids.draft = (await app.inject({ method: 'POST', url: '/api/editor/drafts', headers: admin.write, payload: { questionnaireId: 'hostile', area: 'ai' } })).json().version.id;
  const clar = createClarificationRepository(app.database.kysely);
  ids.threadId = (await clar.openThread({ responseId: ids.submitted.id, programmeId: p.id, questionId: 'm-dpia', kind: 'evidence' })).id;
  ids.fileId = (await clar.addFile({ threadId: ids.threadId, name: 'bewijs.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF-1.4\n%%EOF\n') })).id;
}, 60_000);
afterAll(async () => {
  await app?.close();
  await drop();
});

// ---- what a well-formed request to each route looks like ------------------------------------------

/** The open response for the routes that change answers; the submitted, shared one elsewhere. */
const respondentOf = (url: string, method: string) =>
  /\/(answers|submit|move)$/.test(url) || (url === '/api/responses/:id' && method === 'PATCH') ? ids.open : ids.submitted;

function paramValue(route: Route, name: string): string {
  const { url } = route;
  switch (name) {
    case 'id':
      if (url.startsWith('/api/programmes/')) return ids.programme;
      if (url.startsWith('/api/users/')) return ids.user;
      if (url.startsWith('/api/responses/') || url.startsWith('/api/submissions/')) return respondentOf(url, route.method).id;
      if (url.startsWith('/api/editor/')) return ids.draft;
      return 'mini';
    case 'code': return ids.joinCode;
    case 'teamId': case 'submissionId': return ids.submitted.id;
    case 'userId': return ids.user;
    case 'keyId': return ids.keyId;
    case 'webhookId': return ids.webhookId;
    case 'threadId': return ids.threadId;
    case 'fileId': return ids.fileId;
    case 'questionId': return 'm-dpia';
    default: return 'AAAAAAAAAAAAAAAAAAAAAA';
  }
}

const paramNames = (url: string) => [...url.matchAll(/:(\w+)/g)].map((m) => m[1]);
const fill = (route: Route, override: Record<string, string> = {}) =>
  route.url.replace(/:(\w+)/g, (_, name: string) => override[name] ?? encodeURIComponent(paramValue(route, name)));

const NAMED: Record<string, () => unknown> = {
  email: () => 'someone@example.org', code: () => ids.joinCode, questionnaireId: () => 'mini', name: () => 'Naam',
  url: () => 'https://hooks.example.org/y', password: () => 'a long enough passphrase', newPassword: () => 'a new long passphrase',
  currentPassword: () => 'wrong wrong wrong', token: () => 'A'.repeat(43), assessorId: () => ids.user, dueDate: () => '2030-01-01',
};

/** A value that fits a (TypeBox) JSON schema well enough to get past validation most of the time. */
function example(s: any, name = ''): unknown {
  if (!s || typeof s !== 'object') return undefined;
  if ('const' in s) return s.const;
  if (Array.isArray(s.enum)) return s.enum[0];
  if (s.anyOf) return example(s.anyOf.find((x: any) => x.type !== 'null') ?? s.anyOf[0], name);
  if (NAMED[name] && s.type === 'string') return NAMED[name]();
  switch (s.type) {
    case 'object': return Object.fromEntries((s.required ?? []).map((k: string) => [k, example(s.properties?.[k], k)]));
    case 'array': return Array.from({ length: s.minItems ?? 0 }, () => example(s.items, name));
    case 'integer': case 'number': return s.minimum ?? 1;
    case 'boolean': return false;
    case 'null': return null;
    case 'string': return s.format === 'date' ? '2030-01-01' : 'x'.repeat(Math.max(1, s.minLength ?? 1));
    default: return {};
  }
}

const BASE_BODIES: Record<string, () => unknown> = {
  'PUT /api/responses/:id/programme': () => ({ code: ids.joinCode, name: 'Team', confirm: true }),
  'PUT /api/submissions/:id/review': () => ({ scores: {}, judgement: null, comment: '', submit: false }),
  'PATCH /api/responses/:id/answers': () => ({ answers: { 'm-dpia': { option: 'partly', note: 'x' } } }),
  'POST /api/score': () => ({ questionnaireId: 'mini', answers: {} }),
  'POST /api/responses': () => ({ questionnaireId: 'mini', answers: {} }),
  'POST /api/programmes/:id/webhooks': () => ({ url: 'https://hooks.example.org/x', events: ['review.submitted'] }),
  'PUT /api/programmes/:id/embed': () => ({ origins: ['https://incubator.example'] }),
  'POST /api/responses/:id/clarifications/:threadId/answer': () => ({ text: 'Zie bijlage.' }),
};
const baseBody = (route: Route) => (BASE_BODIES[`${route.method} ${route.url}`]?.() ?? example(route.schema.body) ?? {}) as Record<string, unknown>;

async function headersFor(route: Route): Promise<Record<string, string>> {
  if (route.url.startsWith('/api/integration/')) return { authorization: `Bearer ${ids.apiKey}` };
  // Reviews and verdicts are the assessors' own; everything else an admin may do.
  const staff: Session = await login(app, /\/(review|verdicts\/:questionId)$/.test(route.url) ? 'assessor@example.org' : 'admin@example.org');
  return { ...staff.write, authorization: `Bearer ${respondentOf(route.url, route.method).token}` };
}

// ---- the hostile variants ---------------------------------------------------------------------------

const HOSTILE_SEGMENTS = [
  'a'.repeat(10_000), '%00', 'AB%00CD', '%FF', '%C3%28', '..%2F..%2Fetc%2Fpasswd', '..', encodeURIComponent('é漢字😀'),
  '-1', '99999999999999999999', '1e308', 'NaN', '%20', 'A'.repeat(21) + '%00',
];

const GENERIC_QUERIES = ['limit=1e308', 'offset=-1', 'limit=99999999999999999999', 'page=NaN', 'a=1&a=2', 'limit[]=1', 'x=%00', 'x=%FF'];
function queryVariants(route: Route): string[] {
  const keys = Object.keys(route.schema.querystring?.properties ?? {});
  const out = [...GENERIC_QUERIES];
  for (const k of keys) {
    for (const v of ['1e308', '-1', '99999999999999999999', 'NaN', '%00', '%FF', 'x'.repeat(10_000), '', encodeURIComponent('漢字😀'), '%25', '_', '%5C', '%27', '%5C%25%5F', 'a%0Ab']) out.push(`${k}=${v}`);
    out.push(`${k}=1&${k}=2`, `${k}[]=1`, `${k}[0]=1&${k}[1]=2`, `${k}[a]=1`);
  }
  return out;
}

/** Credentials that are too long, malformed or not ASCII, in place of the good ones. */
function headerVariants(route: Route, good: Record<string, string>): Array<[string, Record<string, string>]> {
  const long = 'a'.repeat(10_000);
  return [
    ['cookie 10,000 chars', { cookie: `zt_session=${long}` }],
    ['cookie not ASCII', { cookie: 'zt_session=\u00ff\u00fe%FF%00' }],
    ['two session cookies', { cookie: `${good.cookie ?? 'zt_session=x'}; zt_session=other` }],
    ['csrf 10,000 chars', { 'x-csrf-token': long }],
    ['bearer 10,000 chars', { authorization: `Bearer ${long}` }],
    ['bearer not ASCII', { authorization: 'Bearer \u00ff\u00fe%00' }],
    ['x-api-key 10,000 chars', { 'x-api-key': long }],
    ['accept-language junk', { 'accept-language': `${long};q=NaN` }],
  ].filter(([label]) => !route.url.startsWith('/api/integration/') || !String(label).startsWith('c')) as Array<[string, Record<string, string>]>;
}

interface RawBody { label: string; payload: string | Buffer; contentType?: string }
const raw = (label: string, payload: string | Buffer, contentType = 'application/json'): RawBody => ({ label, payload, contentType });
const HUGE_ARRAY = `[${Array.from({ length: 100_000 }, (_, i) => i).join(',')}]`;
const DEEP_OBJECT = '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000);
const DEEP_ARRAY = '['.repeat(10_000) + ']'.repeat(10_000);
const JUNK_SECTIONS = `[${Array(20_000).fill('{"id":1,"questions":[1]}').join(',')}]`;
const MB_STRING = JSON.stringify('x'.repeat(1024 * 1024));
const NEAR_MB_STRING = JSON.stringify('ä'.repeat(400_000));

/** Values put in place of one field of an otherwise fitting body, as raw JSON text. */
const FIELD_VALUES: Array<[string, string]> = [
  ['1e400', '1e400'], ['-1e400', '-1e400'], ['2^64+', '99999999999999999999'], ['-1', '-1'], ['2^31', '2147483648'], ['1.5', '1.5'],
  ['true', 'true'], ['null', 'null'], ['{}', '{}'], ['[]', '[]'], ['"1"', '"1"'], ['""', '""'],
  ['0.8 MB string', NEAR_MB_STRING], ['100,000 items', HUGE_ARRAY], ['nested 10,000 deep', DEEP_ARRAY],
  ['__proto__', '{"__proto__":{"polluted":1}}'], ['constructor', '{"constructor":{"prototype":{"polluted":1}}}'],
  ['object holding 10,000-deep nesting', `{"x":${DEEP_ARRAY}}`], ['object holding 20,000 junk sections', `{"sections":${JUNK_SECTIONS}}`],
  ['unicode', JSON.stringify('漢字😀\u202e\ufeff')], ['far date', '"99999-12-31"'], ['bad date', '"2030-02-31"'],
];

function bodyVariants(route: Route): RawBody[] {
  const base = baseBody(route);
  const text = JSON.stringify(base);
  const out: RawBody[] = [
    raw('a number', '1'), raw('a string', '"x"'), raw('null', 'null'), raw('an array', '[]'), raw('1e400', '1e400'),
    raw('object nested 10,000 deep', DEEP_OBJECT), raw('array nested 10,000 deep', DEEP_ARRAY), raw('100,000 items', HUGE_ARRAY),
    raw('a 1 MB string', MB_STRING), raw('__proto__', '{"__proto__":{"polluted":1}}'), raw('constructor', '{"constructor":{"prototype":{"polluted":1}}}'),
    raw('unknown field', text.replace(/^\{/, '{"zz":1,').replace(',}', '}')),
    raw('text/plain', text, 'text/plain'), raw('form', 'a=1&a=2', 'application/x-www-form-urlencoded'),
    raw('multipart', '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--\r\n', 'multipart/form-data; boundary=x'),
    raw('octet-stream', text, 'application/octet-stream'), raw('json in latin1', text, 'application/json; charset=latin1'),
    raw('json with a bogus parameter', text, 'application/json; x=y'), raw('application/jsonx', text, 'application/jsonx'),
    raw('no content type', text, undefined as unknown as string),
  ];
  const props = Object.keys(route.schema.body?.properties ?? {});
  for (const prop of props) {
    for (const [label, value] of FIELD_VALUES) {
      const marked = JSON.stringify({ ...base, [prop]: '@@HOSTILE@@' });
      out.push(raw(`${prop} = ${label}`, marked.replace('"@@HOSTILE@@"', value)));
    }
  }
  return out;
}

// ---- the check ----------------------------------------------------------------------------------------

const failures: string[] = [];

function check(label: string, res: { statusCode: number; headers: Record<string, unknown>; body: string } | 'hung') {
  if (res === 'hung') return void failures.push(`${label}: no answer in 30 s`);
  const where = `${label} → ${res.statusCode} ${res.body.slice(0, 200)}`;
  // Printing a PDF needs a listening port, which an injected app has not: the server's state, not the input.
  if (res.statusCode === 503 && res.body.includes('"pdf-unavailable"')) return;
  if (res.statusCode >= 500) return void failures.push(where);
  if (res.statusCode < 400) return;
  if (!String(res.headers['content-type'] ?? '').startsWith('application/json')) return void failures.push(`${where} (not JSON)`);
  let body: any;
  try { body = JSON.parse(res.body); } catch { return void failures.push(`${where} (unparsable JSON)`); }
  const keys = Object.keys(body).filter((k) => k !== 'details').sort().join(',');
  if (keys !== 'code,error,message,statusCode') return void failures.push(`${where} (keys ${keys})`);
  if (!ERROR_CODE_LIST.includes(body.code) || ERROR_CODES[body.code as ErrorCode].status !== res.statusCode) return void failures.push(`${where} (code ${body.code})`);
  if (body.statusCode !== res.statusCode || body.error !== STATUS_CODES[res.statusCode] || typeof body.message !== 'string') return void failures.push(`${where} (shape)`);
}

async function send(label: string, request: InjectOptions) {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<'hung'>((resolve) => { timer = setTimeout(() => resolve('hung'), 30_000); });
  const started = Date.now();
  try {
    const res = await Promise.race([app.inject(request), hung]);
    // Work that blocks the event loop keeps the timer above from firing: the time taken tells. The
    // defects this guards against took 26 s and minutes; 10 s leaves room for a loaded CI machine.
    const took = Date.now() - started;
    if (took > 10_000) failures.push(`${label}: took ${took} ms`);
    check(label, res);
  } catch (err) {
    failures.push(`${label}: inject threw ${(err as Error).message}`);
  } finally {
    clearTimeout(timer);
  }
}

const hasBody = (route: Route) => ['POST', 'PUT', 'PATCH'].includes(route.method) || route.schema.body !== undefined;
// Routes that take something away run last, so the earlier ones still find their fixtures.
const lateness = (r: Route) => (r.url === '/api/responses/:id' && r.method === 'DELETE' ? 2 : r.method === 'DELETE' || r.url === '/api/auth/logout' ? 1 : 0);
const ordered = () => [...routes].sort((a, b) => lateness(a) - lateness(b));

describe('hostile input on every route', () => {
  it('finds the routes through onRoute', () => {
    const names = routes.map((r) => `${r.method} ${r.url}`);
    expect(names).toEqual(expect.arrayContaining(['POST /api/responses', 'GET /api/programmes/:id/submissions', 'GET /api/integration/submissions', 'GET /embed/:code']));
    expect(routes.length).toBeGreaterThan(80);
  });

  it('answers every hostile variant below 500, in the error shape, without hanging', async () => {
    for (const route of ordered()) {
      const name = `${route.method} ${route.url}`;
      const headers = await headersFor(route);
      const method = route.method as InjectOptions['method'];
      const good = hasBody(route) ? { payload: JSON.stringify(baseBody(route)), headers: { ...headers, 'content-type': 'application/json' } } : { headers };
      for (const param of paramNames(route.url)) {
        for (const segment of HOSTILE_SEGMENTS) {
          await send(`${name} :${param}=${segment.slice(0, 40)}`, { method, url: fill(route, { [param]: segment }), ...good });
        }
      }
      for (const [label, extra] of headerVariants(route, headers)) {
        await send(`${name} header ${label}`, { method, url: fill(route), ...good, headers: { ...good.headers, ...extra } });
      }
      for (const query of queryVariants(route)) {
        await send(`${name} ?${query.slice(0, 60)}`, { method, url: `${fill(route)}?${query}`, ...good });
      }
      if (hasBody(route)) {
        for (const body of bodyVariants(route)) {
          const h: Record<string, string> = { ...headers };
          if (body.contentType) h['content-type'] = body.contentType;
          await send(`${name} body ${body.label}`, { method, url: fill(route), headers: h, payload: body.payload });
        }
      }
      // A variant that archived the programme or disabled the assessor would close the later routes early.
      await app.staffRepos.users.update(ids.user, { name: 'assessor', role: 'assessor', disabledAt: null });
      await app.inject({ method: 'PATCH', url: `/api/programmes/${ids.programme}`, headers: await headersFor({ method: 'GET', url: '/api/programmes', schema: {} }), payload: { archived: false } });
    }
    expect(failures).toEqual([]);
  }, 600_000);

  it('still answers /api/health afterwards', async () => {
    const res = await app.inject('/api/health');
    expect(res.statusCode, res.body).toBe(200);
  });
});

describe('edge values that fit the schemas, stored and read back', () => {
  it('dates at the ends of the calendar in a plan item and a deadline', async () => {
    failures.length = 0;
    // Runs after the sweep above deleted the shared response: a fresh one, shared again.
    const admin = await login(app, 'admin@example.org');
    const r = await submittedResponse(app);
    const auth = { authorization: `Bearer ${r.token}` };
    for (const dueDate of ['0000-01-01', '0001-01-01', '1582-10-10', '9999-12-31']) {
      await send(`plan dueDate ${dueDate}`, { method: 'PUT', url: `/api/responses/${r.id}/plan/m-dpia`, headers: auth, payload: { dueDate, owner: '漢字😀', note: '=cmd|"/c calc"!A1' } });
      for (const url of ['plan', 'plan.csv', 'plan.ics', 'export.json', 'export.csv', 'report', 'report.docx']) {
        await send(`GET ${url} with dueDate ${dueDate}`, { url: `/api/responses/${r.id}/${url}`, headers: auth });
      }
    }
    for (const deadline of ['0000-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '2026-02-30T25:61:61Z', '2026-01-01T00:00:00+14:00']) {
      await send(`deadline ${deadline}`, { method: 'PATCH', url: `/api/programmes/${ids.programme}`, headers: admin.write, payload: { deadline, allowPastDeadline: true, archived: false } });
      for (const url of [`/api/join/${ids.joinCode}`, `/api/embed/${ids.joinCode}`, `/api/programmes/${ids.programme}`, '/api/programmes', `/api/programmes/${ids.programme}/cohort`, '/api/me/tasks']) {
        await send(`GET ${url} with deadline ${deadline}`, { url, headers: admin.write });
      }
      await send(`share with deadline ${deadline}`, { method: 'PUT', url: `/api/responses/${r.id}/programme`, headers: auth, payload: { code: ids.joinCode, name: 'Team 2', confirm: true } });
    }
    const importBody = (plan: unknown[]) => ({ format: 'publieke-waarden-zelftoets', formatVersion: 1, questionnaire: { id: 'mini', version: '1' }, answers: {}, plan });
    const exported = (await app.inject({ url: `/api/responses/${r.id}/export.json`, headers: auth })).json();
    for (const plan of [
      [{ questionId: 'm-dpia', dueDate: '0000-01-01', values: Array.from({ length: 10_000 }, (_, i) => `v${i}`) }],
      Array.from({ length: 1000 }, () => ({ questionId: 'm-dpia' })),
      [{ questionId: 'm-dpia', kind: '__proto__', values: ['__proto__', 'constructor'] }],
      [{ questionId: 'm-dpia', dueDate: 1e308 }, null, 1e400, 'x', []],
    ]) {
      await send(`import with ${JSON.stringify(plan).slice(0, 60)}`, { method: 'POST', url: '/api/responses/import', payload: { ...importBody(plan), format: exported.format ?? 'x', formatVersion: exported.formatVersion ?? 1 } });
    }
    expect(failures).toEqual([]);
  });
});

