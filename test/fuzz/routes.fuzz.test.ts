// Every route listed in the OpenAPI document gets generated bad input: bad ids and tokens, wrong
// types, unknown fields, huge strings, deep nesting, invalid UTF-8, malformed JSON. Each must answer
// a 4xx JSON error in the API's shape and leave every stored row exactly as it was.
import fc from 'fast-check';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { ERROR_CODE_LIST, ERROR_CODES, type ErrorCode } from '../../core/error-codes.js';
import { testApp } from '../helpers/app.js';
import { databaseDigest, fillPath, operations, type Operation } from './helpers.js';

const app: FastifyInstance = await testApp();
afterAll(() => app.close());
const ops = await operations(app);
const RUNS = { numRuns: 40 };

async function start(answers: Record<string, unknown> = {}) {
  const res = await app.inject({ method: 'POST', url: '/api/responses', payload: { questionnaireId: 'mini', answers } });
  expect(res.statusCode).toBe(201);
  return res.json() as { id: string; token: string };
}
// An open response with answers (so a change would show) and a second one whose token is "wrong" for the first.
const mine = await start({ 'm-personal-data': { option: 'yes', note: 'keep' } });
const other = await start();
const KNOWN_IDS = new Set(['mini', mine.id, other.id]);

/** Valid bodies for the routes known today; a route added later starts from {} and gets the schema-independent faults. */
const VALID_BODIES: Record<string, unknown> = {
  'POST /api/score': { questionnaireId: 'mini', answers: { 'm-personal-data': { option: 'yes' } } },
  'POST /api/responses': { questionnaireId: 'mini', locale: 'en', answers: { 'm-personal-data': { option: 'no', note: 'n' } } },
  'PATCH /api/responses/{id}/answers': { answers: { 'm-dpia': { option: 'partly', note: 'x' } }, locale: 'en' },
};
const validBody = (op: Operation) => structuredClone(VALID_BODIES[`${op.method} ${op.path}`] ?? {});
const auth = { authorization: `Bearer ${mine.token}` };
const myPath = (op: Operation) => fillPath(op.path, Object.fromEntries(op.pathParams.map((p) => [p, mine.id])));

function expectRefused(res: LightMyRequestResponse, label: string) {
  expect(res.statusCode, `${label} → ${res.statusCode} ${res.body.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
  expect(res.statusCode, `${label} → ${res.body.slice(0, 300)}`).toBeLessThan(500);
  expect(res.headers['content-type'], label).toMatch(/^application\/json/);
  const body = res.json();
  expect(body, label).toMatchObject({ statusCode: res.statusCode, error: expect.any(String), message: expect.any(String) });
  // Every error names its kind with a listed code of this very status, for the client to translate.
  expect(ERROR_CODE_LIST, `${label}: code ${body.code}`).toContain(body.code);
  expect(ERROR_CODES[body.code as ErrorCode].status, `${label}: code ${body.code}`).toBe(res.statusCode);
}

async function refusedWithoutChange(label: string, request: InjectOptions) {
  const before = await databaseDigest(app);
  const res = await app.inject(request);
  expectRefused(res, label);
  expect(await databaseDigest(app), `${label}: stored data changed`).toBe(before);
}

// ---- generators -------------------------------------------------------------------------------

/** Path segments that are not a valid id of anything: wrong characters, too long, broken percent-encoding. */
const badSegment = fc.oneof(
  fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }).map(encodeURIComponent),
  fc.string({ minLength: 1, maxLength: 30 }).map(encodeURIComponent),
  fc.integer({ min: 81, max: 3000 }).map((n) => 'a'.repeat(n)),
  fc.constantFrom('%ff', '%c3%28', '%ed%a0%80', '%00', '%', '%zz', '..', '..%2f..%2fetc%2fpasswd', '%2e%2e', 'A'.repeat(21), 'A'.repeat(23), '%F0%9F%92%A9'.repeat(11)),
).filter((s) => s.length > 0 && !KNOWN_IDS.has(s));

const wrongTypeFor = (v: unknown) =>
  fc.constantFrom<unknown>(42, -1.5, true, false, null, [], [v], {}, { v }, 'text').filter((w) => typeof w !== typeof v || (w === null) !== (v === null) || Array.isArray(w) !== Array.isArray(v));

function nested(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array' ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

type Path = Array<string | number>;
function nodes(value: unknown, at: Path = []): { leaves: Path[]; objects: Path[] } {
  const out = { leaves: [] as Path[], objects: [] as Path[] };
  if (value && typeof value === 'object') {
    if (!Array.isArray(value)) out.objects.push(at);
    for (const [k, v] of Object.entries(value)) {
      const inner = nodes(v, [...at, Array.isArray(value) ? Number(k) : k]);
      out.leaves.push(...inner.leaves);
      out.objects.push(...inner.objects);
    }
  } else out.leaves.push(at);
  return out;
}
function setAt(root: any, path: Path, v: unknown) {
  if (path.length === 0) return v;
  let node = root;
  for (const k of path.slice(0, -1)) node = node[k];
  node[path[path.length - 1]] = v;
  return root;
}
const getAt = (root: any, path: Path) => path.reduce((n, k) => n[k], root);

interface BadBody { label: string; payload: string | Buffer; contentType: string }
const json = (label: string, value: unknown): BadBody => ({ label, payload: JSON.stringify(value), contentType: 'application/json' });

/** Bodies that are wrong whatever the route's schema (all objects refuse unknown fields), plus schema-aware faults where a valid body is known. */
function badBody(op: Operation): fc.Arbitrary<BadBody> {
  const base = validBody(op);
  const { leaves, objects } = nodes(base);
  const text = JSON.stringify(base);
  const generic: fc.Arbitrary<BadBody>[] = [
    fc.oneof(fc.integer(), fc.string(), fc.constant(null), fc.boolean(), fc.array(fc.jsonValue(), { maxLength: 3 })).map((v) => json('not an object', v)),
    fc.tuple(fc.constantFrom(...objects), fc.string({ minLength: 1, maxLength: 20 }).filter((k) => !/^[a-z0-9][a-z0-9-]*$/.test(k) && k !== '__proto__'), fc.jsonValue({ maxDepth: 2 }))
      .map(([at, key, v]) => json(`unknown field ${JSON.stringify(key)}`, setAt(structuredClone(base), [...at, key], v))),
    fc.tuple(fc.integer({ min: 50, max: 150_000 }), fc.constantFrom<'array' | 'object'>('array', 'object'))
      .map(([depth, kind]) => ({ label: `${kind} nested ${depth} deep`, contentType: 'application/json', payload: text.replace(/^\{/, `{"zz-deep":${nested(depth, kind)},`).replace(',}', '}') })),
    fc.constantFrom('\xff\xfe', '\xc3\x28', '\xed\xa0\x80', '\xf8\x88\x80\x80\x80', '\x80', '\xe2\x82').map((bytes) => ({
      label: `invalid UTF-8 ${Buffer.from(bytes, 'latin1').toString('hex')}`,
      contentType: 'application/json',
      payload: Buffer.concat([Buffer.from('{"zz":"'), Buffer.from(bytes, 'latin1'), Buffer.from('"}')]),
    })),
    fc.nat({ max: Math.max(0, text.length - 1) }).map((n) => ({ label: `cut after ${n} chars`, contentType: 'application/json', payload: text.slice(0, n) })),
    fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml').map((ct) => ({ label: `content-type ${ct}`, contentType: ct, payload: text })),
    fc.constantFrom('{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"polluted":1}}}').map((p) => ({ label: 'prototype poisoning', contentType: 'application/json', payload: p })),
    fc.integer({ min: 1024 * 1024 + 1, max: 1024 * 1024 + 4096 }).map((n) => ({ label: `${n} bytes`, contentType: 'application/json', payload: `{"zz":"${'x'.repeat(n)}"}` })),
  ];
  if (leaves.length === 0) return fc.oneof(...generic);
  const aware: fc.Arbitrary<BadBody>[] = [
    fc.constantFrom(...leaves).chain((at) => wrongTypeFor(getAt(base, at)).map((v) => json(`${at.join('/')} as ${JSON.stringify(v)}`, setAt(structuredClone(base), at, v)))),
    fc.tuple(fc.constantFrom(...leaves.filter((at) => typeof getAt(base, at) === 'string')), fc.integer({ min: 10_001, max: 300_000 }))
      .map(([at, n]) => json(`${at.join('/')} ${n} chars long`, setAt(structuredClone(base), at, 'ä'.repeat(n)))),
    fc.tuple(fc.constantFrom(...leaves), fc.integer({ min: 50, max: 20_000 }))
      .map(([at, depth]) => ({ label: `${at.join('/')} nested ${depth} deep`, contentType: 'application/json', payload: JSON.stringify(setAt(structuredClone(base), at, '@@')).replace('"@@"', nested(depth, 'array')) })),
    fc.tuple(fc.constantFrom(...leaves.filter((at) => typeof getAt(base, at) === 'string')), fc.constantFrom('\xff', '\xc3\x28', '\xed\xa0\x80', '\x80'))
      .map(([at, bytes]) => {
        const [head, tail] = JSON.stringify(setAt(structuredClone(base), at, '@@')).split('@@');
        return { label: `${at.join('/')} with invalid UTF-8`, contentType: 'application/json', payload: Buffer.concat([Buffer.from(head), Buffer.from(bytes, 'latin1'), Buffer.from(tail)]) };
      }),
  ];
  return fc.oneof(...generic, ...aware);
}

/** Query strings the route cannot accept: an unknown parameter, or a declared one with a value outside its schema. */
function badQuery(op: Operation): fc.Arbitrary<string> {
  const unknown = fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !op.queryParams.includes(k)).map((k) => `${encodeURIComponent(k)}=1`);
  const declared = fc.tuple(
    fc.constantFrom(...op.queryParams),
    fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('%ff', '%c3%28', 'NL', 'EN', 'nl ', '')).filter((v) => v !== 'nl' && v !== 'en'),
  ).map(([k, v]) => `${k}=${/^%/.test(v) ? v : encodeURIComponent(v)}`);
  const repeated = fc.constantFrom(...op.queryParams).map((k) => `${k}=nl&${k}=en`);
  const long = fc.constantFrom(...op.queryParams).map((k) => `${k}=${'n'.repeat(5000)}`);
  return fc.oneof(unknown, declared, repeated, long);
}

const badAuthorization = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom('Bearer', 'Bearer ', `Basic ${Buffer.from('a:b').toString('base64')}`, `Bearer ${mine.token}x`, `Bearer ${mine.token.slice(1)}`, `Bearer ${'a'.repeat(8000)}`, `Token ${mine.token}`),
  fc.constant(`Bearer ${other.token}`),
  fc.string({ minLength: 43, maxLength: 43, unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_') }).map((t) => `Bearer ${t}`),
  fc.string({ maxLength: 60, unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz0123456789-_.~+/=:') }),
);

describe('routes refuse bad input with a 4xx JSON error and change nothing', () => {
  it('finds the routes in the OpenAPI document', () => {
    expect(ops.map((o) => `${o.method} ${o.path}`)).toEqual(expect.arrayContaining([
      'POST /api/responses', 'PATCH /api/responses/{id}/answers', 'GET /api/responses/{id}/report', 'POST /api/score',
    ]));
  });

  for (const op of ops) {
    const name = `${op.method} ${op.path}`;
    const bodyFor = (op: Operation) => (op.hasBody ? { payload: validBody(op) as object } : {});

    if (op.pathParams.length) {
      it(`${name}: bad ids`, async () => {
        await fc.assert(fc.asyncProperty(fc.constantFrom(...op.pathParams), badSegment, async (param, value) => {
          const url = fillPath(op.path, Object.fromEntries(op.pathParams.map((p) => [p, p === param ? value : mine.id])));
          await refusedWithoutChange(`${name} ${url}`, { method: op.method as InjectOptions['method'], url, headers: auth, ...bodyFor(op) });
        }), RUNS);
      });
    }

    if (op.secured) {
      it(`${name}: missing, malformed and wrong tokens`, async () => {
        await fc.assert(fc.asyncProperty(badAuthorization, async (authorization) => {
          await refusedWithoutChange(`${name} with ${String(authorization).slice(0, 60)}`, {
            method: op.method as InjectOptions['method'], url: myPath(op), headers: authorization === undefined ? {} : { authorization }, ...bodyFor(op),
          });
        }), RUNS);
      });
    }

    if (op.queryParams.length) {
      it(`${name}: bad query strings`, async () => {
        await fc.assert(fc.asyncProperty(badQuery(op), async (query) => {
          await refusedWithoutChange(`${name} ?${query.slice(0, 80)}`, { method: op.method as InjectOptions['method'], url: `${myPath(op)}?${query}`, headers: auth, ...bodyFor(op) });
        }), RUNS);
      });
    }

    if (op.hasBody) {
      it(`${name}: malformed bodies`, async () => {
        await fc.assert(fc.asyncProperty(badBody(op), async (body) => {
          await refusedWithoutChange(`${name} ${body.label}`, {
            method: op.method as InjectOptions['method'], url: myPath(op), headers: { ...auth, 'content-type': body.contentType }, payload: body.payload,
          });
        }), RUNS);
      });
    }
  }

  it('unknown API paths and methods', async () => {
    await fc.assert(fc.asyncProperty(
      fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE'),
      fc.string({ minLength: 1, maxLength: 40 }).map(encodeURIComponent),
      async (method, tail) => {
        const url = `/api/zz-${tail}`;
        await refusedWithoutChange(`${method} ${url}`, { method: method as InjectOptions['method'], url, headers: auth, payload: {} });
      },
    ), RUNS);
  });

  it('left the fixtures as they were', async () => {
    const res = await app.inject({ method: 'GET', url: `/api/responses/${mine.id}`, headers: auth });
    expect(res.json()).toMatchObject({ status: 'open', revision: 0, answers: { 'm-personal-data': { option: 'yes', note: 'keep' } } });
  });
});
