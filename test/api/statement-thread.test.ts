// The statement at submit is made on a worker thread (server/attest/statement-thread.ts). What it
// signs must be the report the routes build on the main thread, byte for byte in canonical form,
// for every area, both languages and a re-take with its history; and when the thread cannot take
// the job, the main thread signs instead.
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { prng, randomAnswers } from '../../bench/seed.js';
import { verifyAttestation, type PublicJwks } from '../../core/attestation.js';
import type { Locale } from '../../core/types.js';
import { loadKeyRing, signingKeyOf, type SigningKey } from '../../server/attest/keys.js';
import { createAttestationService } from '../../server/attest/service.js';
import { attestedReport, digestReport } from '../../server/attest/statement.js';
import { createStatementThread, type StatementThread } from '../../server/attest/statement-thread.js';
import { createAttestationRepository } from '../../server/repositories/attestations.js';
import type { ResponseRow } from '../../server/repositories/responses.js';
import { QUESTIONNAIRES, testApp } from '../helpers/app.js';
import * as tables from '../helpers/db.js';
import { bearer } from '../helpers/staff.js';
import { withChecksAnswered } from '../helpers/checks.js';

let app: FastifyInstance;
let key: SigningKey;
let thread: StatementThread;
const warnings: string[] = [];

beforeEach(async () => {
  app = await testApp({ questionnairesDir: QUESTIONNAIRES });
  key = await signingKeyOf(await loadKeyRing({ generate: true }));
  await createAttestationRepository(app.database.kysely).registerKey(key.kid, key.publicJwk, new Date().toISOString());
  warnings.length = 0;
  thread = createStatementThread({
    values: app.catalog.values, instruments: app.catalog.instruments, issuer: 'urn:zelftoets:local', kid: key.kid, key: key.privateKey,
    log: { warn: (_, msg) => warnings.push(msg) },
  });
});
afterEach(async () => {
  await thread.close();
  await app.close();
});

function threadWith(options: Partial<Parameters<typeof createStatementThread>[0]>) {
  return createStatementThread({
    values: app.catalog.values, instruments: app.catalog.instruments, issuer: 'urn:zelftoets:local', kid: key.kid, key: key.privateKey,
    log: { warn: (_, msg) => warnings.push(msg) }, ...options,
  });
}

function service(th: StatementThread = thread) {
  return createAttestationService({
    repo: createAttestationRepository(app.database.kysely), responses: app.repos.responses, reports: app.reports, key, thread: th,
    issuer: 'urn:zelftoets:local', reportFingerprint: () => 'test', log: { warn: (_, msg) => warnings.push(msg) },
  });
}

/** An open response with these answers, moved to submitted as the submit route does, without the route's own signing. */
async function submittedRow(questionnaireId: string, answers: unknown, locale: Locale = 'nl', previous?: { id: string; token: string }): Promise<ResponseRow> {
  let id: string;
  if (previous) {
    const next = (await app.inject({ method: 'POST', url: `/api/responses/${previous.id}/retake`, headers: bearer(previous.token) })).json();
    expect((await app.inject({ method: 'PATCH', url: `/api/responses/${next.id}/answers`, headers: bearer(next.token), payload: { answers } })).statusCode).toBe(200);
    id = next.id;
  } else {
    const started = await app.inject({ method: 'POST', url: '/api/responses', payload: { questionnaireId, locale, answers } });
    expect(started.statusCode).toBe(201);
    id = started.json().id;
  }
  return (await app.repos.responses.submit(id, { profile: 'incomplete', goalScore: null, preconditionScore: null, completeness: 0, knockoutCount: 0, scoringVersion: 2 }))!;
}

/** The one statement about this response, checked against the report the main thread builds for its owner. */
async function expectVerifies(row: ResponseRow) {
  const [stored] = await tables.rows<{ jws: string; report_sha256: string }>(app, 'SELECT jws, report_sha256 FROM attestations WHERE response_id = ?', row.id);
  expect(stored).toBeDefined();
  const report = attestedReport(await app.reports.reportOf(row, row.locale, undefined, { owner: true }));
  expect(stored.report_sha256).toBe(digestReport(report));
  const jwks = (await app.inject({ url: '/.well-known/jwks.json' })).json() as PublicJwks;
  const verified = await verifyAttestation({ jws: stored.jws, jwks, report });
  expect(verified.failures).toEqual([]);
  expect(verified.payload).toMatchObject({ sub: row.id, locale: row.locale, reportSha256: stored.report_sha256, questionnaire: { hash: row.snapshot_hash } });
}

describe('the statement thread', () => {
  it('signs, for every area and both languages, the very report the main thread builds', async () => {
    await thread.start();
    const s = service();
    const random = prng(7);
    let n = 0;
    for (const area of ['ai', 'xr', 'quantum']) {
      const q = app.catalog.questionnaires.get(area)!.document;
      for (const locale of ['nl', 'en'] as const) {
        for (let i = 0; i < 3; i++) {
          const row = await submittedRow(area, randomAnswers(q, random), locale);
          await s.submitted(row);
          await expectVerifies(row);
          n++;
        }
      }
    }
    expect(thread.stats()).toMatchObject({ worker: n, fallback: 0 });
    expect(warnings).toEqual([]);
  });

  it('signs a re-take with its history and what changed, and supersedes the earlier attempt\'s statement', async () => {
    await thread.start();
    const q = app.catalog.questionnaires.get('ai')!.document;
    const first = (await app.inject({ method: 'POST', url: '/api/responses', payload: { questionnaireId: 'ai', answers: randomAnswers(q, prng(2)) } })).json();
    expect((await app.inject({ method: 'POST', url: `/api/responses/${first.id}/submit`, headers: bearer(first.token) })).statusCode).toBe(200);
    const row = await submittedRow('ai', randomAnswers(q, prng(3)), 'nl', first);
    await service().submitted(row);
    expect(thread.stats()).toMatchObject({ worker: 1, fallback: 0 });
    const report = await app.reports.reportOf(row, row.locale, undefined, { owner: true });
    expect(report.history.map((h) => h.id)).toEqual([first.id]);
    await expectVerifies(row);
    const earlier = await tables.rows<{ superseded_at: string | null }>(app, 'SELECT superseded_at FROM attestations WHERE response_id = ?', first.id);
    expect(earlier.length).toBeGreaterThan(0);
    expect(earlier.every((e) => e.superseded_at === row.submitted_at)).toBe(true);
  });

  it('leaves the statement to the main thread while it starts and after it is gone', async () => {
    const s = service();
    const q = app.catalog.questionnaires.get('xr')!.document;
    // Not started yet: the first submit starts it and signs on the main thread.
    const first = await submittedRow('xr', randomAnswers(q, prng(1)));
    await s.submitted(first);
    await expectVerifies(first);
    expect(thread.stats()).toMatchObject({ worker: 0, fallback: 1 });
    await thread.close();
    const second = await submittedRow('xr', randomAnswers(q, prng(2)));
    await s.submitted(second);
    await expectVerifies(second);
    expect(thread.stats()).toMatchObject({ worker: 0, fallback: 2 });
  });

  it('replaces a thread that answers too late, and the main thread signs meanwhile', async () => {
    const slow = threadWith({ timeoutMs: 1, restartAfterMs: 50 });
    try {
      await slow.start();
      const q = app.catalog.questionnaires.get('ai')!.document;
      const row = await submittedRow('ai', randomAnswers(q, prng(4)));
      await service(slow).submitted(row);
      await expectVerifies(row);
      expect(slow.stats()).toMatchObject({ worker: 0, fallback: 1, running: false });
      expect(warnings).toEqual(['the statement thread did not answer within 1 ms; statements are signed on the main thread meanwhile']);
      // Not started again before its pause is over; then it is.
      expect(await slow.make({} as never, new Map())).toBeNull();
      expect(slow.stats().running).toBe(false);
      await new Promise((r) => setTimeout(r, 60));
      await slow.make({} as never, new Map());
      await expect.poll(() => slow.stats().running, { timeout: 20_000 }).toBe(true);
    } finally {
      await slow.close();
    }
  });

  it('leaves a job it cannot do to the main thread and keeps running', async () => {
    await thread.start();
    const q = app.catalog.questionnaires.get('quantum')!.document;
    const row = await submittedRow('quantum', randomAnswers(q, prng(5)));
    // A job naming a snapshot it was never sent: the worker answers with an error, not a statement.
    const job = { response: { id: row.id, status: row.status, submittedAt: row.submitted_at, updatedAt: row.updated_at, companyName: null }, snapshotHash: 'f'.repeat(64), answers: row.answers, locale: 'nl' as const, scoringVersion: 2 as const, earlier: [], code: 'X', now: Date.now() };
    expect(await thread.make(job, new Map())).toBeNull();
    expect(warnings).toEqual(['the statement thread could not sign a report; signing it on the main thread']);
    await service().submitted(row);
    await expectVerifies(row);
    expect(thread.stats()).toMatchObject({ worker: 1, fallback: 1, running: true });
  });

  it('signs on the main thread when the thread cannot even be created, and says so once', async () => {
    // Functions cannot be sent to a worker: creating it throws at once.
    const broken = threadWith({ values: [(() => {}) as never] });
    try {
      const q = app.catalog.questionnaires.get('xr')!.document;
      for (const seed of [6, 7]) {
        const row = await submittedRow('xr', randomAnswers(q, prng(seed)));
        await service(broken).submitted(row);
        await expectVerifies(row);
      }
      expect(broken.stats()).toMatchObject({ worker: 0, fallback: 2, running: false });
      expect(warnings).toEqual(['the statement thread could not be started; statements are signed on the main thread meanwhile']);
    } finally {
      await broken.close();
    }
  });

  it('is what the app itself signs with once it runs', async () => {
    const answers = withChecksAnswered(app.catalog.questionnaires.get('quantum')!.document);
    const start = async () => (await app.inject({ method: 'POST', url: '/api/responses', payload: { questionnaireId: 'quantum', answers } })).json();
    const submit = async (r: { id: string; token: string }) =>
      expect((await app.inject({ method: 'POST', url: `/api/responses/${r.id}/submit`, headers: bearer(r.token) })).statusCode).toBe(200);
    await submit(await start());
    // The first submit started the thread; wait until it answers.
    await expect.poll(() => app.attestations.threadStats()?.running, { timeout: 20_000 }).toBe(true);
    const r = await start();
    await submit(r);
    expect(app.attestations.threadStats()).toMatchObject({ worker: 1, fallback: 1 });
    await expectVerifies((await app.repos.responses.find(r.id))!);
  });
});
