// Two real app processes on one PostgreSQL database, as behind a load balancer (issue 12, item 6):
// every request goes to the other instance than the one before. Needs the build (npm run build) and,
// for the PDF, Chromium at /usr/bin/chromium.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../server/auth/password.js';
import { defaultConfig } from '../../server/config.js';
import { openDb, type Db } from '../../server/db/connect.js';
import { createUserRepository } from '../../server/repositories/users.js';
import { verifySignature } from '../../server/integration/webhooks.js';
import { fixtureDir, readFixture, ROOT } from '../helpers/app.js';
import { freshSchema, ON_POSTGRES, TEST_DATABASE_URL } from '../helpers/postgres.js';
import { PASSWORD, TEST_HASH_COST } from '../helpers/staff.js';

const SERVER = `${ROOT}/dist/server/server.js`;
const CLIENT = `${ROOT}/dist/client/index.html`;
const CHROMIUM = '/usr/bin/chromium';
const RATE_LIMIT = 100;
const LOGIN_LIMIT = 4;

interface Instance { proc: ChildProcess; base: string; port: number }

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

async function start(env: Record<string, string>, port: number): Promise<Instance> {
  const proc = spawn(process.execPath, [SERVER], { env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' }, stdio: ['ignore', 'ignore', 'inherit'] });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) return { proc, base, port };
    } catch {
      /* not listening yet */
    }
    if (proc.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  proc.kill('SIGKILL');
  throw new Error(`instance on port ${port} did not become ready`);
}

/**
 * A one-way load balancer: forwards everything to `target()` and notes the answer to each request for
 * a shared report (what the printing browser asks with its ticket).
 */
async function forwarder(target: () => Instance, seen: Array<{ to: number; status: number }>): Promise<Server> {
  const server = createServer((req, res) => {
    const to = target();
    const upstream = httpRequest({ host: '127.0.0.1', port: to.port, path: req.url, method: req.method, headers: req.headers }, (up) => {
      if (req.url?.startsWith('/api/shared/report')) seen.push({ to: to.port, status: up.statusCode ?? 0 });
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return server;
}

describe.skipIf(!ON_POSTGRES)('two instances on one PostgreSQL database (runs with TEST_ENGINE=postgres; SQLite is one instance)', () => {
  let schema: Awaited<ReturnType<typeof freshSchema>>;
  let db: Db;
  let a: Instance;
  let b: Instance;
  let receiver: Server;
  const forwarders: Server[] = [];
  const printed: Array<{ to: number; status: number }> = [];
  const received: Array<{ delivery: string; event: string; body: string; signature: string }> = [];
  let turn = 0;

  /** A request to the other instance than the last one, from client address `from`. */
  async function call(from: string, method: string, path: string, opts: { body?: unknown; headers?: Record<string, string>; to?: Instance } = {}) {
    const target = opts.to ?? (turn++ % 2 ? b : a);
    const res = await fetch(`${target.base}${path}`, {
      method,
      headers: { 'x-forwarded-for': from, ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}), ...opts.headers },
      body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
    });
    return { status: res.status, headers: res.headers, text: await res.text(), instance: target };
  }
  const json = (r: { text: string }) => JSON.parse(r.text);

  beforeAll(async () => {
    if (!existsSync(SERVER) || !existsSync(CLIENT)) throw new Error('build first: npm run build');
    schema = await freshSchema();
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push({ delivery: String(req.headers['x-zelftoets-delivery']), event: String(req.headers['x-zelftoets-event']), body, signature: String(req.headers['x-zelftoets-signature']) });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));

    const [portA, portB] = [await freePort(), await freePort()];
    // Each instance's printing browser reaches the other instance, through a forwarder that notes it.
    const toB = await forwarder(() => b, printed);
    const toA = await forwarder(() => a, printed);
    forwarders.push(toA, toB);
    const env = {
      DATABASE_URL: TEST_DATABASE_URL!, DATABASE_SCHEMA: schema.schema, DATABASE_POOL_SIZE: '4',
      QUESTIONNAIRES_DIR: fixtureDir({ 'mini.json': readFixture('mini.json') }),
      RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT), LOGIN_RATE_LIMIT_PER_MINUTE: String(LOGIN_LIMIT),
      TRUST_PROXY: 'true', WEBHOOK_ALLOW_INSECURE: 'true', CHROMIUM_PATH: CHROMIUM,
    };
    const origin = (s: Server) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
    a = await start({ ...env, PDF_ORIGIN: origin(toB) }, portA);
    b = await start({ ...env, PDF_ORIGIN: origin(toA) }, portB);

    db = openDb(defaultConfig({ databaseUrl: TEST_DATABASE_URL, databaseSchema: schema.schema, databasePoolSize: 2 }));
    const users = createUserRepository(db.kysely);
    for (const [email, role] of [['admin@example.org', 'admin'], ['assessor@example.org', 'assessor']] as const) {
      const u = await users.create({ email, name: role, role });
      await users.setPassword(u.id, await hashPassword(PASSWORD, TEST_HASH_COST));
    }
  }, 90_000);

  afterAll(async () => {
    a?.proc.kill('SIGKILL');
    b?.proc.kill('SIGKILL');
    await db?.close();
    await new Promise((r) => receiver?.close(r));
    for (const f of forwarders) f.closeAllConnections();
    for (const f of forwarders) await new Promise((r) => f.close(r));
    await schema?.drop();
  });

  it('serves one founder, one assessor and a webhook across both, alternating every request', { timeout: 120_000 }, async () => {
    const founder = '10.0.1.1';
    const staffIp = '10.0.1.2';
    // Staff sign in on one instance and carry on on the other.
    const signIn = async (email: string) => {
      const res = await call(staffIp, 'POST', '/api/auth/login', { body: { email, password: PASSWORD } });
      expect(res.status, res.text).toBe(200);
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith('zt_session='))!.split(';')[0];
      return { cookie, write: { cookie, 'x-csrf-token': json(res).csrfToken as string }, signedInOn: res.instance };
    };
    const admin = await signIn('admin@example.org');
    let res = await call(staffIp, 'POST', '/api/programmes', { headers: admin.write, body: { name: 'Twee instanties', kind: 'subsidy', areas: ['ai'] } });
    expect(res.status, res.text).toBe(201);
    const programme = json(res) as { id: string; joinCode: string };
    res = await call(staffIp, 'POST', `/api/programmes/${programme.id}/members`, { headers: admin.write, body: { email: 'assessor@example.org', role: 'assessor' } });
    expect(res.status, res.text).toBe(200);
    const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    res = await call(staffIp, 'POST', `/api/programmes/${programme.id}/webhooks`, { headers: admin.write, body: { url: hookUrl, events: ['submission.shared', 'review.submitted'] } });
    expect(res.status, res.text).toBe(201);
    const secret = json(res).secret as string;

    // The founder starts, autosaves on both instances, submits and shares.
    res = await call(founder, 'POST', '/api/responses', { body: { questionnaireId: 'mini' } });
    expect(res.status, res.text).toBe(201);
    const { id, token } = json(res) as { id: string; token: string };
    const auth = { authorization: `Bearer ${token}` };
    const answers: Array<[string, unknown]> = [
      ['m-personal-data', { option: 'yes' }], ['m-dpia', { option: 'partly', note: 'concept' }],
      ['m-retention', { option: 'yes' }], ['m-security', { options: ['mfa', 'backup'] }], ['m-context', { text: 'Twee servers' }],
    ];
    for (const [question, answer] of answers) {
      res = await call(founder, 'PATCH', `/api/responses/${id}/answers`, { headers: auth, body: { answers: { [question]: answer } } });
      expect(res.status, res.text).toBe(200);
    }
    res = await call(founder, 'GET', `/api/responses/${id}`, { headers: auth });
    expect(Object.keys(json(res).answers).sort()).toEqual(answers.map(([q]) => q).sort());
    res = await call(founder, 'POST', `/api/responses/${id}/submit`, { headers: auth });
    expect(res.status, res.text).toBe(200);
    res = await call(founder, 'PUT', `/api/responses/${id}/programme`, { headers: auth, body: { code: programme.joinCode, name: 'Twee BV', confirm: true } });
    expect(res.status, res.text).toBe(200);

    // The assessor signs in on one instance; every later request of theirs goes to the other.
    const assessor = await signIn('assessor@example.org');
    const other = assessor.signedInOn === a ? b : a;
    res = await call(staffIp, 'GET', `/api/programmes/${programme.id}/submissions`, { headers: { cookie: assessor.cookie }, to: other });
    expect(res.status, res.text).toBe(200);
    expect(json(res).items.map((s: { id: string }) => s.id)).toEqual([id]);
    res = await call(staffIp, 'PUT', `/api/submissions/${id}/review`, {
      headers: assessor.write, to: other, body: { scores: { privacy: { score: 70, comment: 'goed' } }, judgement: 'positive', comment: 'akkoord', submit: true },
    });
    expect(res.status, res.text).toBe(200);

    // The PDF: the instance that issues the ticket has its browser open the report on the other.
    if (existsSync(CHROMIUM)) {
      res = await call(staffIp, 'GET', `/api/submissions/${id}/report.pdf?locale=en`, { headers: { cookie: assessor.cookie } });
      expect(res.status, res.text.slice(0, 300)).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      // The report was read with the ticket on the instance that did not issue it.
      expect(printed).toEqual([{ to: (res.instance === a ? b : a).port, status: 200 }]);
      expect(await db.kysely.selectFrom('print_tickets').selectAll().execute()).toEqual([]);
    }

    // Each webhook event is delivered once, by one of the two instances: wait past both polls.
    for (let i = 0; i < 100 && received.length < 2; i++) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 6_000));
    expect(received.map((r) => r.event).sort()).toEqual(['review.submitted', 'submission.shared']);
    expect(new Set(received.map((r) => r.delivery)).size).toBe(2);
    for (const r of received) expect(verifySignature(secret, r.body, r.signature, Math.floor(Date.now() / 1000))).toBe(true);
    const log = await db.kysely.selectFrom('webhook_deliveries').select(['state', 'attempts', 'claimed_by']).execute();
    expect(log).toEqual([{ state: 'delivered', attempts: 1, claimed_by: null }, { state: 'delivered', attempts: 1, claimed_by: null }]);
  });

  it('holds the rate limits as documented: sign-in across instances, the general limit per instance', { timeout: 60_000 }, async () => {
    // Sign-in attempts are counted in the database: LOGIN_LIMIT in all, whichever instance is asked.
    const guesses = [];
    for (let i = 0; i < LOGIN_LIMIT + 2; i++) guesses.push((await call('10.0.6.6', 'POST', '/api/auth/login', { body: { email: 'admin@example.org', password: `guess ${i}` } })).status);
    expect(guesses).toEqual([...Array(LOGIN_LIMIT).fill(401), 429, 429]);
    // The general limit protects each instance: RATE_LIMIT per instance, so twice that through both.
    const statuses = [];
    for (let i = 0; i < 2 * RATE_LIMIT + 2; i++) statuses.push((await call('10.0.9.9', 'GET', '/api/questionnaires')).status);
    expect(statuses.slice(0, 2 * RATE_LIMIT).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(2 * RATE_LIMIT)).toEqual([429, 429]);
  });

  it('keeps every acknowledged save when one instance is killed with SIGKILL mid-save', { timeout: 60_000 }, async () => {
    const writers = await Promise.all([0, 1, 2, 3, 4, 5].map(async (w) => {
      const res = await call(`10.0.2.${w}`, 'POST', '/api/responses', { body: { questionnaireId: 'mini' } });
      expect(res.status, res.text).toBe(201);
      return json(res) as { id: string; token: string };
    }));
    const acknowledged = new Map<string, number>();
    let stop = false;
    let n = 0;
    const running = writers.map(async ({ id, token }, w) => {
      while (!stop) {
        const count = n++;
        try {
          // Round-robin with a fresh address per save, so the general limit never interferes.
          const res = await call(`10.1.${w}.${count % 250}`, 'PATCH', `/api/responses/${id}/answers`, {
            headers: { authorization: `Bearer ${token}` }, body: { answers: { 'm-dpia': { option: 'partly', note: `save ${count}` } } },
          });
          if (res.status === 200) acknowledged.set(id, count);
        } catch {
          /* the killed instance: not acknowledged */
        }
      }
    });
    await new Promise((r) => setTimeout(r, 500 + Math.random() * 500));
    a.proc.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 300));
    stop = true;
    await Promise.all(running);
    expect(acknowledged.size).toBe(writers.length);
    for (const { id } of writers) {
      const row = await db.kysely.selectFrom('responses').select('answers').where('id', '=', id).executeTakeFirstOrThrow();
      const stored = Number(JSON.parse(row.answers)['m-dpia'].note.split(' ')[1]);
      // The newest acknowledged save, or one after it whose answer the kill cut off: never older.
      expect(stored).toBeGreaterThanOrEqual(acknowledged.get(id)!);
    }
  });
});
