// Moving an SQLite installation to PostgreSQL (npm run migrate-to-postgres, issue 12 item 5): an
// installation filled through the app is copied, proven identical, served the same by the app on
// PostgreSQL, and the tool is safe to run again. Needs a PostgreSQL server (TEST_DATABASE_URL), on
// either half of the suite: the source is always an SQLite file.
import Database from 'better-sqlite3';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../server/build.js';
import { defaultConfig } from '../../server/config.js';
import { migrate } from '../../server/db/database.js';
import { INSTANCE_STATE, TABLES } from '../../server/db/sqlite-copy.js';
import { COPY_MARK, moveToPostgres } from '../../server/services/move-to-postgres.js';
import { QUESTIONNAIRES, ROOT } from '../helpers/app.js';
import { freshSchema, TEST_DATABASE_URL } from '../helpers/postgres.js';
import {
  assign, bearer, createProgramme, createUser, login, PASSWORD, share, signedIn, staffApp, submittedResponse, TEST_HASH_COST,
} from '../helpers/staff.js';

const SKIP_REASON = 'set TEST_DATABASE_URL to a PostgreSQL database (scripts/pg-cluster.sh start) to test moving to PostgreSQL';

/** An SQLite installation with every kind of row, filled through the app; what it served, to compare. */
async function fillSqlite() {
  const file = join(mkdtempSync(join(tmpdir(), 'zelftoets-move-')), 'zelftoets.db');
  const app = await staffApp({ databasePath: file, webhookAllowInsecure: true, webhookRetryBaseMs: 3_600_000, webhookPollMs: 3_600_000 });
  const { session: admin } = await signedIn(app, 'admin@example.org', 'admin');
  const p = await createProgramme(app, admin);
  await createUser(app, 'Manager@Example.org', 'manager');
  await assign(app, admin, p.id, 'Manager@Example.org', 'manager');
  await createUser(app, 'assessor@example.org', 'assessor');
  await assign(app, admin, p.id, 'assessor@example.org', 'assessor');
  const manager = await login(app, 'manager@example.org');
  const assessor = await login(app, 'assessor@example.org');
  const invited = await app.staffRepos.users.create({ email: 'invited@example.org', name: 'Invited', role: 'assessor' });
  await app.staffRepos.users.issuePasswordToken(invited.id, 'invite', 72);
  expect((await app.inject({ method: 'PUT', url: `/api/programmes/${p.id}/embed`, headers: manager.write, payload: { origins: ['https://incubator.example.org'] } })).statusCode).toBe(200);
  expect((await app.inject({ method: 'POST', url: `/api/programmes/${p.id}/api-keys`, headers: manager.write, payload: { name: 'CRM' } })).statusCode).toBe(201);
  // Nothing listens there: the delivery stays pending with a failed attempt.
  expect((await app.inject({ method: 'POST', url: `/api/programmes/${p.id}/webhooks`, headers: manager.write, payload: { url: 'http://127.0.0.1:9/hook', events: ['submission.shared', 'review.submitted'] } })).statusCode).toBe(201);

  // Every state: open, submitted alone, shared and reviewed, withdrawn, re-takes open and submitted.
  const open = (await app.inject({ method: 'POST', url: '/api/responses', payload: { questionnaireId: 'mini', answers: { 'm-personal-data': { option: 'no' } } } })).json();
  const first = await submittedResponse(app);
  await app.inject({ method: 'PATCH', url: `/api/responses/${first.id}`, headers: bearer(first.token), payload: { companyName: 'Acme B.V. — ünïcode' } });
  const retake = (await app.inject({ method: 'POST', url: `/api/responses/${first.id}/retake`, headers: bearer(first.token) })).json();
  await app.inject({ method: 'PATCH', url: `/api/responses/${retake.id}/answers`, headers: bearer(retake.token), payload: { answers: { 'm-dpia': { option: 'yes' } } } });
  expect((await app.inject({ method: 'POST', url: `/api/responses/${retake.id}/submit`, headers: bearer(retake.token) })).statusCode).toBe(200);
  const openRetake = (await app.inject({ method: 'POST', url: `/api/responses/${retake.id}/retake`, headers: bearer(retake.token) })).json();
  await share(app, retake, p.joinCode, 'Acme');
  const review = await app.inject({
    method: 'PUT', url: `/api/submissions/${retake.id}/review`, headers: assessor.write,
    payload: { scores: {}, judgement: 'conditional', comment: 'Goed begin; DPIA afronden', submit: true },
  });
  expect(review.statusCode, review.body).toBe(200);
  // A clarification loop (issue 14, item 3): a verdict, a thread, a file (BLOB → BYTEA) and a correction.
  const asked = await app.inject({ method: 'PUT', url: `/api/submissions/${retake.id}/verdicts/m-retention`, headers: assessor.write, payload: { verdict: 'evidence', message: 'Bewijs?' } });
  expect(asked.statusCode, asked.body).toBe(200);
  const upload = await app.inject({
    method: 'POST', url: `/api/responses/${retake.id}/clarifications/${asked.json().threadId}/files`,
    headers: { ...bearer(retake.token), 'content-type': 'application/octet-stream' }, payload: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 1, 2, 255]),
  });
  expect(upload.statusCode, upload.body).toBe(201);
  const answered = await app.inject({
    method: 'POST', url: `/api/responses/${retake.id}/clarifications/${asked.json().threadId}/answer`, headers: bearer(retake.token),
    payload: { text: 'Zie bijlage', fileId: upload.json().id, correction: { option: 'dont-know' } },
  });
  expect(answered.statusCode, answered.body).toBe(200);
  const withdrawn = await submittedResponse(app, { 'm-personal-data': { option: 'no' } });
  await share(app, withdrawn, p.joinCode, 'Weg');
  expect((await app.inject({ method: 'DELETE', url: `/api/responses/${withdrawn.id}/programme`, headers: bearer(withdrawn.token) })).statusCode).toBe(200);
  const link = (await app.inject({ method: 'POST', url: `/api/responses/${first.id}/shares`, headers: bearer(first.token), payload: { expiresInDays: 7 } })).json();

  const submitted = [first, retake, withdrawn];
  const reports = new Map<string, string>();
  for (const r of submitted) reports.set(r.id, (await app.inject({ url: `/api/responses/${r.id}/report`, headers: bearer(r.token) })).body);
  const staffView = (await app.inject({ url: `/api/submissions/${retake.id}`, headers: manager.read })).body;
  const sharedReport = (await app.inject({ url: '/api/shared/report', headers: bearer(link.token) })).body;
  const questionnairesDir = app.config.questionnairesDir;
  const migrationsDir = app.config.migrationsDir;
  await app.close();
  return { file, questionnairesDir, migrationsDir, p, open, openRetake, retake, submitted, reports, staffView, sharedReport, manager, link };
}

function sqliteCounts(file: string) {
  const db = new Database(file, { readonly: true });
  try {
    return Object.fromEntries(TABLES.map((t) => [t.name, (db.prepare(`SELECT count(*) AS n FROM ${t.name}`).get() as { n: number }).n]));
  } finally {
    db.close();
  }
}

async function pgCounts(schema: string) {
  const pool = new pg.Pool({ connectionString: TEST_DATABASE_URL!, max: 1, options: `-c search_path=${schema}` });
  try {
    const counts: Record<string, number> = {};
    for (const t of TABLES) counts[t.name] = Number((await pool.query(`SELECT count(*) AS n FROM ${t.name}`)).rows[0].n);
    const marks = Number((await pool.query(`SELECT count(*) AS n FROM audit_log WHERE action = $1`, [COPY_MARK])).rows[0].n);
    return { counts, marks };
  } finally {
    await pool.end();
  }
}

// A table added by a later migration must be copied or named as instance state; otherwise its rows
// would be left behind silently (or block --replace through a foreign key).
it('accounts for every table of the schema: copied, or instance state that is not', () => {
  const db = new Database(':memory:');
  migrate(db, join(ROOT, 'migrations'));
  const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'schema_migrations'`).all() as Array<{ name: string }>).map((r) => r.name);
  db.close();
  expect([...TABLES.map((t) => t.name), ...INSTANCE_STATE].sort()).toEqual(tables.sort());
});

describe.skipIf(!TEST_DATABASE_URL)(`migrate-to-postgres${TEST_DATABASE_URL ? '' : ` (skipped: ${SKIP_REASON})`}`, () => {
  it('copies an installation, proves it identical, serves it the same on PostgreSQL, and is safe to run again', { timeout: 120_000 }, async () => {
    const s = await fillSqlite();
    const { schema, drop } = await freshSchema();
    const move = (extra: { replace?: boolean } = {}) => moveToPostgres({
      from: s.file, databaseUrl: TEST_DATABASE_URL!, databaseSchema: schema, migrationsDir: s.migrationsDir, questionnairesDir: s.questionnairesDir, ...extra,
    });
    try {
      const copied = await move();
      expect(copied.outcome).toBe('copied');
      expect(copied.reports).toBe(3);
      expect(copied.valueScores).toBe(3);
      const expected = sqliteCounts(s.file);
      for (const table of ['users', 'sessions', 'password_tokens', 'programmes', 'programme_members', 'programme_embed_origins', 'responses', 'share_links', 'reviews', 'audit_log', 'response_scores', 'api_keys', 'webhooks', 'webhook_deliveries']) {
        expect(expected[table], `${table} has rows in the source`).toBeGreaterThan(0);
      }
      const after = await pgCounts(schema);
      expect(after.marks).toBe(1);
      expect({ ...after.counts, audit_log: after.counts.audit_log - 1 }).toEqual(expected);

      // Again: a no-op that verifies; nothing duplicated.
      const again = await move();
      expect(again.outcome).toBe('verified');
      expect(await pgCounts(schema)).toEqual(after);

      // The app on PostgreSQL serves the same reports, staff view and share link, and the same logins work.
      const config = defaultConfig({
        databaseUrl: TEST_DATABASE_URL, databaseSchema: schema, questionnairesDir: s.questionnairesDir, clientDir: null, rateLimitPerMinute: 0, passwordHashCost: TEST_HASH_COST,
      });
      const app = await buildApp(config);
      try {
        for (const r of s.submitted) {
          const res = await app.inject({ url: `/api/responses/${r.id}/report`, headers: bearer(r.token) });
          expect(res.statusCode).toBe(200);
          expect(res.body).toBe(s.reports.get(r.id));
        }
        expect((await app.inject({ url: `/api/submissions/${s.retake.id}`, headers: s.manager.read })).body).toBe(s.staffView);
        expect((await app.inject({ url: '/api/shared/report', headers: bearer(s.link.token) })).body).toBe(s.sharedReport);
        const history = JSON.parse(s.reports.get(s.retake.id)!).history;
        expect(history.map((h: { id: string }) => h.id)).toEqual([s.submitted[0].id]);
        const admin = await login(app, 'admin@example.org', PASSWORD);
        expect((await app.inject({ url: '/api/auth/me', headers: admin.read })).json().user.email).toBe('admin@example.org');
        // Open responses go on where they were, and new audit entries get fresh ids after the copied ones.
        const saved = await app.inject({ method: 'PATCH', url: `/api/responses/${s.open.id}/answers`, headers: bearer(s.open.token), payload: { answers: { 'm-retention': { option: 'yes' } } } });
        expect(saved.statusCode, saved.body).toBe(200);
        expect(saved.json().revision).toBe(s.open.response.revision + 1);
        const assessor = await login(app, 'assessor@example.org');
        const status = await app.inject({ method: 'PUT', url: `/api/submissions/${s.retake.id}/status`, headers: assessor.write, payload: { status: 'reviewed' } });
        expect(status.statusCode, status.body).toBe(200);
      } finally {
        await app.close();
      }

      // The target changed since the copy: refused, and --replace copies again from the source.
      await expect(move()).rejects.toThrow(/no longer matches the source.*--replace/s);
      const replaced = await move({ replace: true });
      expect(replaced.outcome).toBe('copied');
      const final = await pgCounts(schema);
      expect({ ...final.counts, audit_log: final.counts.audit_log - 1 }).toEqual(expected);
    } finally {
      await drop();
    }
  });

  it('refuses a target that holds other data, and one this tool did not fill', { timeout: 60_000 }, async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'zelftoets-move-')), 'z.db');
    const source = await staffApp({ databasePath: file });
    await submittedResponse(source);
    const { questionnairesDir, migrationsDir } = source.config;

    const foreign = await freshSchema();
    const other = await freshSchema();
    const fresh = await freshSchema();
    const pool = new pg.Pool({ connectionString: TEST_DATABASE_URL!, max: 1 });
    try {
      // The source may stay in use: the copy reads one snapshot of it, while the app keeps writing.
      const copying = moveToPostgres({ from: file, databaseUrl: TEST_DATABASE_URL!, databaseSchema: fresh.schema, migrationsDir, questionnairesDir });
      await submittedResponse(source);
      expect((await copying).outcome).toBe('copied');

      await pool.query(`CREATE TABLE ${foreign.schema}.customers (id integer PRIMARY KEY); INSERT INTO ${foreign.schema}.customers VALUES (1)`);
      const move = (schema: string) => moveToPostgres({ from: file, databaseUrl: TEST_DATABASE_URL!, databaseSchema: schema, migrationsDir, questionnairesDir });
      await expect(move(foreign.schema)).rejects.toThrow(/holds other data \(tables customers\)/);
      expect((await pool.query(`SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = $1`, [foreign.schema])).rows[0].n).toBe('1');

      // An installation the app itself started on PostgreSQL, with a response of its own.
      const app = await buildApp(defaultConfig({ databaseUrl: TEST_DATABASE_URL, databaseSchema: other.schema, questionnairesDir, clientDir: null, rateLimitPerMinute: 0 }));
      await app.inject({ method: 'POST', url: '/api/responses', payload: { questionnaireId: 'mini' } });
      await app.close();
      await expect(move(other.schema)).rejects.toThrow(/already holds data that this tool did not copy \(responses\)/);
      expect((await pool.query(`SELECT count(*) AS n FROM ${other.schema}.responses`)).rows[0].n).toBe('1');
    } finally {
      await pool.end();
      await source.close();
      await foreign.drop();
      await other.drop();
      await fresh.drop();
    }
  });

  it('refuses a source that is not at this version\'s migrations, before touching the target', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zelftoets-move-'));
    const older = join(dir, 'migrations');
    mkdirSync(older);
    const all = readdirSync(join(ROOT, 'migrations')).filter((f) => f.endsWith('.sql')).sort();
    for (const f of all.slice(0, -1)) copyFileSync(join(ROOT, 'migrations', f), join(older, f));
    const file = join(dir, 'old.db');
    const db = new Database(file);
    migrate(db, older);
    db.close();
    const { schema, drop } = await freshSchema();
    try {
      await expect(moveToPostgres({
        from: file, databaseUrl: TEST_DATABASE_URL!, databaseSchema: schema, migrationsDir: join(ROOT, 'migrations'), questionnairesDir: QUESTIONNAIRES,
      })).rejects.toThrow(new RegExp(`lacks migrations ${all.at(-1)!.replace('.sql', '')}: start this version of the app on it once`));
      const pool = new pg.Pool({ connectionString: TEST_DATABASE_URL!, max: 1 });
      const tables = (await pool.query(`SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = $1`, [schema])).rows[0].n;
      await pool.end();
      expect(tables).toBe('0');
    } finally {
      await drop();
    }
  });
});
