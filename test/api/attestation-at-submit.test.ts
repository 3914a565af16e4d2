// The statement signed at submit: the request that submitted the response knows nothing was signed
// about it yet and no attempt was started from it, so it signs without looking anything up; a view
// that signed the same content in between is found by the insert, not duplicated.
import type { FastifyInstance } from 'fastify';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAttestation, type PublicJwks } from '../../core/attestation.js';
import { loadKeyRing, signingKeyOf } from '../../server/attest/keys.js';
import { createAttestationService } from '../../server/attest/service.js';
import { attestedReport, digestReport } from '../../server/attest/statement.js';
import type { Db } from '../../server/db/connect.js';
import type { Schema } from '../../server/db/schema.js';
import { createReportService } from '../../server/report/report-service.js';
import { createAttestationRepository } from '../../server/repositories/attestations.js';
import { createResponseRepository, type ResponseRow } from '../../server/repositories/responses.js';
import { createSnapshotRepository } from '../../server/repositories/snapshots.js';
import { testApp } from '../helpers/app.js';
import * as tables from '../helpers/db.js';

let app: FastifyInstance;
beforeEach(async () => {
  app = await testApp();
});
afterEach(async () => {
  await app.close();
});

/** The attestation service on the app's database, through a Kysely that records every statement. */
async function recordedService(opts: { fingerprint?: string | (() => string); changeReport?: boolean; key?: Awaited<ReturnType<typeof signingKeyOf>> } = {}) {
  const statements: string[] = [];
  const queries: Array<{ sql: string; parameters: readonly unknown[] }> = [];
  const warnings: string[] = [];
  const dialect = app.database.engine === 'sqlite' ? new SqliteDialect({ database: app.database.sqlite }) : new PostgresDialect({ pool: app.database.pool });
  // Never destroyed: that would close the app's own handle or pool.
  const kysely = new Kysely<Schema>({ dialect, log: (e) => {
    if (e.level !== 'query') return;
    statements.push(e.query.sql);
    queries.push({ sql: e.query.sql, parameters: e.query.parameters });
  } });
  const responses = createResponseRepository({ ...app.database, kysely } as Db);
  const built = createReportService({ catalog: app.catalog, responses, snapshots: createSnapshotRepository(kysely) });
  // An upgrade whose report builder says something new: every report gains a line.
  const reports: typeof built = opts.changeReport
    ? { ...built, reportOf: async (...args: Parameters<typeof built.reportOf>) => ({ ...(await built.reportOf(...args)), upgradeNote: 'new in this version' }) }
    : built;
  const repo = createAttestationRepository(kysely);
  const key = opts.key ?? await signingKeyOf(await loadKeyRing({ generate: true }));
  await repo.registerKey(key.kid, key.publicJwk, new Date().toISOString());
  const service = createAttestationService({
    repo, responses, reports, key, issuer: 'urn:zelftoets:local', reportFingerprint: typeof opts.fingerprint === 'function' ? opts.fingerprint : () => (opts.fingerprint as string | undefined) ?? 'test', log: { warn: (_obj, msg) => warnings.push(msg) },
  });
  return { service, responses, reports, repo, key, statements, queries, warnings };
}

/** An open response moved to submitted as the submit route does, without the route's own signing. */
async function justSubmitted(responses: ReturnType<typeof createResponseRepository>): Promise<ResponseRow> {
  const started = (await app.inject({ method: 'POST', url: '/api/responses', payload: { questionnaireId: 'mini', answers: { 'm-personal-data': { option: 'yes' } } } })).json();
  const row = await responses.submit(started.id, { profile: 'incomplete', goalScore: null, preconditionScore: null, completeness: 0.2, knockoutCount: 0, scoringVersion: 2 });
  return row!;
}

const statementsOf = (id: string) => tables.rows<{ code: string; superseded_at: string | null }>(app, 'SELECT code, superseded_at FROM attestations WHERE response_id = ?', id);

describe('the statement signed at submit', () => {
  it('is signed with one insert, which checks the key itself, and verifies with jose against the published keys', async () => {
    const { service, responses, reports, statements } = await recordedService();
    const row = await justSubmitted(responses);
    statements.length = 0;
    await service.submitted(row);
    const onAttestations = statements.filter((s) => /attestations|signing_keys|previous_response_id/.test(s));
    expect(onAttestations).toHaveLength(1);
    expect(onAttestations[0]).toMatch(/^insert into "attestations" .* from "signing_keys" where "kid" = .* and "revoked_at" is null/);

    const view = await service.ensure(row, row.locale);
    expect(view).not.toBeNull();
    expect(await statementsOf(row.id)).toEqual([{ code: view!.code, superseded_at: null }]);
    const jwks = (await app.inject({ url: '/.well-known/jwks.json' })).json() as PublicJwks;
    const report = attestedReport(await reports.reportOf(row, row.locale, undefined, { owner: true }));
    const verified = await verifyAttestation({ jws: view!.jws, jwks, report });
    expect(verified.failures).toEqual([]);
    expect(verified.ok).toBe(true);
    expect(verified.payload).toMatchObject({ iss: 'urn:zelftoets:local', sub: row.id, jti: view!.code, reportSha256: digestReport(report) });
  });

  it('finds the statement a report view made between the submit and the signing instead of making a second one', async () => {
    const { service, responses } = await recordedService();
    const row = await justSubmitted(responses);
    const byView = await service.ensure(row, row.locale);
    await service.submitted(row);
    expect(await statementsOf(row.id)).toEqual([{ code: byView!.code, superseded_at: null }]);
    expect((await service.ensure(row, row.locale))!.code).toBe(byView!.code);
  });
});

describe('an upgrade of the report builder (its fingerprint, server/attest/report-fingerprint.ts)', () => {
  it('makes the next view hash the report again: unchanged content keeps its statement, changed content gets a new one', async () => {
    const before = await recordedService({ fingerprint: 'builder-1' });
    const row = await justSubmitted(before.responses);
    const signed = (await before.service.ensure(row, row.locale))!;

    // The same content under a new builder: found by its hash, not signed again.
    const same = await recordedService({ fingerprint: 'builder-2', key: before.key });
    expect((await same.service.ensure(row, row.locale))!.code).toBe(signed.code);
    expect(await statementsOf(row.id)).toEqual([{ code: signed.code, superseded_at: null }]);

    // A builder whose reports say something new: a new statement, and the old one superseded.
    const changed = await recordedService({ fingerprint: 'builder-3', changeReport: true, key: before.key });
    const fresh = (await changed.service.ensure(row, row.locale))!;
    expect(fresh.code).not.toBe(signed.code);
    const stored = await statementsOf(row.id);
    expect(stored.find((s) => s.code === signed.code)!.superseded_at).not.toBeNull();
    expect(stored.find((s) => s.code === fresh.code)!.superseded_at).toBeNull();
    // And the new statement is about the new report.
    const jwks = (await app.inject({ url: '/.well-known/jwks.json' })).json() as PublicJwks;
    const report = attestedReport(await changed.reports.reportOf(row, row.locale, undefined, { owner: true }));
    expect((await verifyAttestation({ jws: fresh.jws, jwks, report })).ok).toBe(true);
  });

  it('during a rolling upgrade, an instance on the old builder never shows the statement the new one superseded as if it were current', async () => {
    const before = await recordedService({ fingerprint: 'builder-1' });
    const row = await justSubmitted(before.responses);
    const signed = (await before.service.ensure(row, row.locale))!;
    const changed = await recordedService({ fingerprint: 'builder-2', changeReport: true, key: before.key });
    const fresh = (await changed.service.ensure(row, row.locale))!;
    expect((await statementsOf(row.id)).find((s) => s.code === signed.code)!.superseded_at).not.toBeNull();

    // The old instance finds its statement by its own inputs, sees it superseded by other content, and
    // hashes its own report: the statement it shows is current and about the report it shows.
    const old = (await before.service.ensure(row, row.locale))!;
    expect(old.code).toBe(signed.code);
    expect((await statementsOf(row.id)).find((s) => s.code === old.code)!.superseded_at).toBeNull();
    const jwks = (await app.inject({ url: '/.well-known/jwks.json' })).json() as PublicJwks;
    const oldReport = attestedReport(await before.reports.reportOf(row, row.locale, undefined, { owner: true }));
    expect((await verifyAttestation({ jws: old.jws, jwks, report: oldReport })).ok).toBe(true);
    // And the new instance, in turn, shows its own as current again.
    const back = (await changed.service.ensure(row, row.locale))!;
    expect(back.code).toBe(fresh.code);
    expect((await statementsOf(row.id)).find((s) => s.code === fresh.code)!.superseded_at).toBeNull();
  });
});

describe('a report builder that cannot be fingerprinted', () => {
  it('still signs and shows statements, tries once, and says so in the log', async () => {
    let calls = 0;
    const { service, responses, warnings } = await recordedService({ fingerprint: () => { calls++; throw new Error('probe failed'); } });
    const row = await justSubmitted(responses);
    const first = await service.ensure(row, row.locale);
    expect(first).not.toBeNull();
    expect((await service.ensure(row, row.locale))!.code).toBe(first!.code);
    expect(calls).toBe(1);
    expect(warnings).toEqual([expect.stringMatching(/could not be fingerprinted/)]);
  });
});

describe('a revoked or unknown key', () => {
  it('signs nothing at submit, even when it was revoked after the service started, and says so in the log', async () => {
    const { service, responses, repo, key, warnings } = await recordedService();
    const row = await justSubmitted(responses);
    // Revoked as another instance (or `npm run keys -- revoke`) would: in the database only.
    expect(await repo.revoke(key.kid, new Date().toISOString())).toBe(true);
    await service.submitted(row);
    expect(await statementsOf(row.id)).toEqual([]);
    expect(warnings).toEqual([expect.stringMatching(/revoked/)]);
  });

  it('a key the database no longer knows signs nothing either, and the log says so', async () => {
    const { service, responses, key, warnings } = await recordedService();
    const row = await justSubmitted(responses);
    // Its row lost under a running instance (a restore, say): the JWKS would not list it.
    await tables.exec(app, 'DELETE FROM signing_keys WHERE kid = ?', key.kid);
    await service.submitted(row);
    expect(await service.ensure(row, row.locale)).toBeNull();
    expect(await statementsOf(row.id)).toEqual([]);
    expect(warnings).toEqual([expect.stringMatching(/not registered/), expect.stringMatching(/not registered/)]);
  });

  it('the insert stores nothing with a revoked or unknown key, and the statement with a current one', async () => {
    const { responses, repo, key } = await recordedService();
    const row = await justSubmitted(responses);
    const statement = (code: string, kid: string) => ({
      code, response_id: row.id, locale: 'nl' as const, kid, report_sha256: code.repeat(8), basis: 'b', jws: 'x.y.z', issued_at: new Date().toISOString(), superseded_at: null, withdrawn_at: null,
    });
    expect(await repo.insert(statement('AAAA-BBBB', key.kid))).toBe(true);
    expect(await repo.insert(statement('CCCC-DDDD', 'no-such-key'))).toBe(false);
    await repo.revoke(key.kid, new Date().toISOString());
    expect(await repo.insert(statement('EEEE-FFFF', key.kid))).toBe(false);
    expect((await statementsOf(row.id)).map((s) => s.code)).toEqual(['AAAA-BBBB']);
    // Every column as given: the values pass through the SELECT unchanged on both engines.
    const { issued_at: _, ...stored } = statement('AAAA-BBBB', key.kid);
    expect(await tables.row(app, 'SELECT code, response_id, locale, kid, report_sha256, basis, jws, superseded_at, withdrawn_at FROM attestations WHERE code = ?', 'AAAA-BBBB')).toEqual(stored);
  });
});

describe('the indexes a statement is written to (migration 024)', () => {
  /** The table's own indexes, without those of its primary key. */
  const indexesOf = async (table: string) => (tables.engineOf(app) === 'sqlite'
    ? await tables.rows<{ name: string }>(app, "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND name NOT LIKE 'sqlite_autoindex%'", table)
    : await tables.rows<{ name: string }>(app, "SELECT indexname AS name FROM pg_indexes WHERE tablename = $1 AND schemaname = current_schema() AND indexname NOT LIKE '%_pkey'", table)
  ).map((r) => r.name).sort();

  it('a view finds the statement by its fingerprint through the content index, the only one besides the code', async () => {
    const { service, responses, queries } = await recordedService();
    const row = await justSubmitted(responses);
    await service.submitted(row);
    queries.length = 0;
    const view = await service.ensure(row, row.locale);
    expect(view).not.toBeNull();
    // Found by the fingerprint of its inputs: one look-up, no hashing of the report, nothing written.
    const onAttestations = queries.filter((q) => /"attestations"/.test(q.sql));
    expect(onAttestations).toHaveLength(1);
    expect(onAttestations[0].sql).toMatch(/"basis" = /);

    // Every statement is written to these, so each one more costs every submit a random B-tree insert.
    expect(await indexesOf('attestations')).toEqual(['attestations_content']);
    // Nothing looks responses up by questionnaire; a submit used to move an entry in such an index.
    expect(await indexesOf('responses')).not.toContain('responses_questionnaire_status');
    if (tables.engineOf(app) === 'sqlite') {
      const plan = (await tables.rows<{ detail: string }>(app, `EXPLAIN QUERY PLAN ${onAttestations[0].sql}`, ...onAttestations[0].parameters)).map((r) => r.detail).join('\n');
      expect(plan).toMatch(/SEARCH attestations USING INDEX attestations_content \(response_id=\? AND locale=\?\)/);
    }
  });
});
