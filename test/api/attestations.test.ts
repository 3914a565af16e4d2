// Signed reports (issue 15): the attestation in the JSON export, the published keys, the status of a
// statement, rotation and revocation. Verified both with the app's own verifier (core/attestation.ts)
// and with an independent path: node:crypto's Ed25519 and a canonical-JSON writer of this file's own.
import { createHash, createPublicKey, verify as cryptoVerify } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeAttestation, normalizeCode, verifyAttestation, type PublicJwks } from '../../core/attestation.js';
import { rotateKeys, revokeKey } from '../../server/cli/keys.js';
import { verifyExport } from '../../server/cli/verify.js';
import { defaultConfig } from '../../server/config.js';
import { fixtureDir, readFixture, testApp } from '../helpers/app.js';
import { exec, rows } from '../helpers/db.js';
import { freshSchema, ON_POSTGRES, TEST_DATABASE_URL } from '../helpers/postgres.js';

const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const good = {
  'm-personal-data': { option: 'yes' }, 'm-dpia': { option: 'partly' }, 'm-retention': { option: 'yes' },
  'm-security': { options: ['mfa'] }, 'm-energy': { option: 'no' }, 'm-context': { text: 'A chatbot' },
};

async function submitted(app: FastifyInstance, answers: Record<string, unknown> = good, locale = 'nl') {
  const started = (await app.inject({ method: 'POST', url: '/api/responses', payload: { questionnaireId: 'mini', answers, locale } })).json();
  expect((await app.inject({ method: 'POST', url: `/api/responses/${started.id}/submit`, headers: auth(started.token) })).statusCode).toBe(200);
  return started as { id: string; token: string };
}
const exportOf = async (app: FastifyInstance, r: { id: string; token: string }, locale = 'nl') =>
  (await app.inject({ url: `/api/responses/${r.id}/export.json?locale=${locale}`, headers: auth(r.token) })).json();
const jwksOf = async (app: FastifyInstance): Promise<PublicJwks> => (await app.inject({ url: '/.well-known/jwks.json' })).json();
const statusOf = async (app: FastifyInstance, code: string) => app.inject({ url: `/api/attestations/${code}/status` });

// ---- the independent path ------------------------------------------------------------------------
/** RFC 8785 for the JSON a report holds: keys sorted by UTF-16 code units, ES number and string forms. */
function canonical(x: unknown): string {
  if (x === null || typeof x !== 'object') return JSON.stringify(x);
  if (Array.isArray(x)) return `[${x.map(canonical).join(',')}]`;
  const o = x as Record<string, unknown>;
  return `{${Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(',')}}`;
}
function independentlyVerified(jws: string, jwks: PublicJwks, report: unknown): boolean {
  const [h, p, s] = jws.split('.');
  const header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8'));
  const payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
  const jwk = jwks.keys.find((k) => k.kid === header.kid);
  if (header.alg !== 'EdDSA' || !jwk) return false;
  const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: jwk.x! }, format: 'jwk' });
  const signed = cryptoVerify(null, Buffer.from(`${h}.${p}`), key, Buffer.from(s, 'base64url'));
  return signed && payload.reportSha256 === createHash('sha256').update(canonical(report)).digest('hex');
}

describe('attestations', () => {
  let app: FastifyInstance;
  beforeEach(async () => {
    app = await testApp({ publicUrl: 'https://toets.example.org' });
  });
  afterEach(async () => {
    await app.close();
  });

  it('sign every submitted report: the export verifies with the published JWKS, by our verifier and independently', async () => {
    const r = await submitted(app);
    const file = await exportOf(app, r);
    expect(file.formatVersion).toBe(2);
    expect(typeof file.attestation).toBe('string');
    const decoded = decodeAttestation(file.attestation)!;
    expect(decoded.header).toMatchObject({ alg: 'EdDSA', typ: 'zelftoets-attestation+jwt' });
    expect(decoded.payload).toMatchObject({
      iss: 'https://toets.example.org', sub: r.id, locale: 'nl', scoringVersion: file.report.scoringVersion,
      questionnaire: { id: 'mini', version: file.questionnaire.version, hash: file.questionnaire.hash },
      headline: { profile: file.report.profile, goal: file.report.dimensions.goal.score, precondition: file.report.dimensions.precondition.score, knockouts: file.report.knockouts.length },
    });
    expect(decoded.payload.submittedAt).toBe(file.submittedAt);
    expect(normalizeCode(decoded.payload.jti)).toBe(decoded.payload.jti);

    const jwks = await jwksOf(app);
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toEqual({ kty: 'OKP', crv: 'Ed25519', x: expect.any(String), kid: decoded.header.kid, alg: 'EdDSA', use: 'sig' });
    expect(jwks.keys[0]).not.toHaveProperty('d');
    const result = await verifyAttestation({ jws: file.attestation, jwks, report: file.report });
    expect(result).toMatchObject({ ok: true, failures: [], checks: { format: 'pass', key: 'pass', signature: 'pass', hash: 'pass' } });
    expect(independentlyVerified(file.attestation, jwks, file.report)).toBe(true);

    // The same statement every time the content is the same: on the report page, in the export, in a share.
    const again = await exportOf(app, r);
    expect(again.attestation).toBe(file.attestation);
    const page = (await app.inject({ url: `/api/responses/${r.id}/report`, headers: auth(r.token) })).json();
    expect(page.attestation).toMatchObject({ code: decoded.payload.jti, jws: file.attestation, link: `/verify#a=${file.attestation}` });
    expect(page.attestation.shortLink).toMatch(/^\/verify#c=[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(await statusOf(app, decoded.payload.jti).then((s) => s.json())).toEqual({
      code: decoded.payload.jti, status: 'current', issuedAt: expect.any(String), since: null, keyRevoked: false,
    });
  });

  it('say "does not verify" for any byte changed in the report, a changed claim, or another key', async () => {
    const r = await submitted(app);
    const file = await exportOf(app, r);
    const jwks = await jwksOf(app);

    const tampered = structuredClone(file.report);
    tampered.dimensions.goal.score = (tampered.dimensions.goal.score ?? 0) + 1;
    expect(await verifyAttestation({ jws: file.attestation, jwks, report: tampered })).toMatchObject({ ok: false, failures: ['hash-mismatch'], checks: { signature: 'pass', hash: 'fail' } });
    expect(independentlyVerified(file.attestation, jwks, tampered)).toBe(false);
    const oneChar = JSON.parse(JSON.stringify(file.report).replace('"profile":"', '"profile":"x'));
    expect((await verifyAttestation({ jws: file.attestation, jwks, report: oneChar })).failures).toEqual(['hash-mismatch']);

    // A payload edited to claim better figures: the signature no longer holds.
    const [h, p, s] = file.attestation.split('.');
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
    payload.headline.goal = 100;
    const forged = `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
    expect(await verifyAttestation({ jws: forged, jwks })).toMatchObject({ ok: false, failures: ['signature-invalid'] });
    expect(independentlyVerified(forged, jwks, file.report)).toBe(false);

    // Another instance's keys: the kid is unknown. The same kid with another key: the signature fails.
    const other = await testApp();
    try {
      const otherJwks = await jwksOf(other);
      expect(await verifyAttestation({ jws: file.attestation, jwks: otherJwks, report: file.report })).toMatchObject({ ok: false, failures: ['key-unknown'] });
      const swapped = { keys: [{ ...otherJwks.keys[0], kid: jwks.keys[0].kid }] };
      expect(await verifyAttestation({ jws: file.attestation, jwks: swapped, report: file.report })).toMatchObject({ ok: false, failures: ['signature-invalid'] });
    } finally {
      await other.close();
    }
    expect(await verifyAttestation({ jws: 'not.a.jws', jwks })).toMatchObject({ ok: false, failures: ['malformed'] });
  });

  it('is not made for an open response, and the export then says so', async () => {
    const open = (await app.inject({ method: 'POST', url: '/api/responses', payload: { questionnaireId: 'mini', answers: good } })).json();
    expect((await exportOf(app, open)).attestation).toBeNull();
    expect((await app.inject({ url: `/api/responses/${open.id}/report`, headers: auth(open.token) })).json().attestation).toBeNull();
    expect(await rows(app, 'SELECT code FROM attestations')).toEqual([]);
  });

  it('is signed per language; content changed after submit gets a new statement and the old one says superseded', async () => {
    const r = await submitted(app);
    const nl = await exportOf(app, r, 'nl');
    const en = await exportOf(app, r, 'en');
    expect(decodeAttestation(en.attestation)!.payload.locale).toBe('en');
    expect(en.attestation).not.toBe(nl.attestation);
    const jwks = await jwksOf(app);
    expect((await verifyAttestation({ jws: en.attestation, jwks, report: en.report })).ok).toBe(true);
    expect((await verifyAttestation({ jws: en.attestation, jwks, report: nl.report })).failures).toEqual(['hash-mismatch']);

    // The company name is on the report's cover: naming it is new content.
    await app.inject({ method: 'PATCH', url: `/api/responses/${r.id}`, headers: auth(r.token), payload: { companyName: 'Acme BV' } });
    const renamed = await exportOf(app, r, 'nl');
    expect(renamed.attestation).not.toBe(nl.attestation);
    expect((await verifyAttestation({ jws: renamed.attestation, jwks, report: renamed.report })).ok).toBe(true);
    const oldCode = decodeAttestation(nl.attestation)!.payload.jti;
    expect((await statusOf(app, oldCode)).json()).toMatchObject({ status: 'superseded', since: expect.any(String) });
    // The other language's statement is about the English report: a new Dutch one does not touch it.
    expect((await statusOf(app, decodeAttestation(en.attestation)!.payload.jti)).json().status).toBe('current');
  });

  it('say superseded, with the date, once a later attempt is submitted; withdrawn once deleted, and nothing else', async () => {
    const first = await submitted(app);
    const firstFile = await exportOf(app, first);
    const code = decodeAttestation(firstFile.attestation)!.payload.jti;
    const retake = (await app.inject({ method: 'POST', url: `/api/responses/${first.id}/retake`, headers: auth(first.token) })).json();
    // Started, not submitted: the first report is still the current one.
    expect((await statusOf(app, code)).json().status).toBe('current');
    await app.inject({ method: 'POST', url: `/api/responses/${retake.id}/submit`, headers: auth(retake.token) });
    const second = (await app.inject({ url: `/api/responses/${retake.id}`, headers: auth(retake.token) })).json();
    expect((await statusOf(app, code)).json()).toEqual({ code, status: 'superseded', issuedAt: expect.any(String), since: second.submittedAt, keyRevoked: false });
    // Its signature still holds: what it said was true then. The status is what says it is stale.
    expect((await verifyAttestation({ jws: firstFile.attestation, jwks: await jwksOf(app), report: firstFile.report })).ok).toBe(true);
    // Viewing the old report again does not revive it.
    expect((await exportOf(app, first)).attestation).toBe(firstFile.attestation);
    expect((await statusOf(app, code)).json().status).toBe('superseded');

    const secondCode = decodeAttestation((await exportOf(app, retake)).attestation)!.payload.jti;
    expect((await app.inject({ method: 'DELETE', url: `/api/responses/${retake.id}`, headers: auth(retake.token) })).statusCode).toBe(204);
    const withdrawn = (await statusOf(app, secondCode)).json();
    expect(withdrawn).toEqual({ code: secondCode, status: 'withdrawn', issuedAt: expect.any(String), since: expect.any(String), keyRevoked: false });
    // Nothing of the deleted response stays with its code.
    expect(await rows(app, 'SELECT response_id, jws FROM attestations WHERE code = ?', secondCode)).toEqual([{ response_id: null, jws: null }]);
  });

  it('an earlier attempt first shown in another language after a later one was submitted: its statement is superseded from the start', async () => {
    const first = await submitted(app);
    const retake = (await app.inject({ method: 'POST', url: `/api/responses/${first.id}/retake`, headers: auth(first.token) })).json();
    await app.inject({ method: 'POST', url: `/api/responses/${retake.id}/submit`, headers: auth(retake.token) });
    const second = (await app.inject({ url: `/api/responses/${retake.id}`, headers: auth(retake.token) })).json();
    // Nothing was signed about the first attempt in English: this export signs it now.
    const english = await exportOf(app, first, 'en');
    expect((await verifyAttestation({ jws: english.attestation, jwks: await jwksOf(app), report: english.report })).ok).toBe(true);
    const code = decodeAttestation(english.attestation)!.payload.jti;
    expect((await statusOf(app, code)).json()).toMatchObject({ status: 'superseded', since: second.submittedAt });
    // And it stays so when shown again.
    expect((await exportOf(app, first, 'en')).attestation).toBe(english.attestation);
    expect((await statusOf(app, code)).json().status).toBe('superseded');
  });

  it('a view that read the report just before it was deleted stores no statement about it', async () => {
    const r = await submitted(app);
    const row = (await app.repos.responses.find(r.id))!;
    const report = await app.reports.reportOf(row, 'en', undefined, { owner: true });
    expect((await app.inject({ method: 'DELETE', url: `/api/responses/${r.id}`, headers: auth(r.token) })).statusCode).toBe(204);
    // The view goes on with what it read: nothing of the deleted response may be stored or called current.
    expect(await app.attestations.ensure(row, 'en', report)).toBeNull();
    expect(await rows(app, 'SELECT code FROM attestations WHERE response_id = ?', r.id)).toEqual([]);
  });

  it('views find the statement by its inputs; the export always hashes, so it never hands out one that does not match', async () => {
    const r = await submitted(app);
    const first = await exportOf(app, r);
    const code = decodeAttestation(first.attestation)!.payload.jti;
    // As if the report's words had changed under the same inputs (a new release): the stored hash no longer fits.
    await exec(app, 'UPDATE attestations SET report_sha256 = ? WHERE code = ?', '0'.repeat(64), code);
    const page = (await app.inject({ url: `/api/responses/${r.id}/report`, headers: auth(r.token) })).json();
    expect(page.attestation.code).toBe(code);
    const again = await exportOf(app, r);
    expect(decodeAttestation(again.attestation)!.payload.jti).not.toBe(code);
    expect((await verifyAttestation({ jws: again.attestation, jwks: await jwksOf(app), report: again.report })).ok).toBe(true);
    expect((await statusOf(app, code)).json().status).toBe('superseded');
    // And the page now shows the new one.
    expect((await app.inject({ url: `/api/responses/${r.id}/report`, headers: auth(r.token) })).json().attestation.jws).toBe(again.attestation);
  });

  it('answers 400 for a malformed code and 404 for an unknown one; typed codes ignore case and dashes', async () => {
    const r = await submitted(app);
    const code = decodeAttestation((await exportOf(app, r)).attestation)!.payload.jti;
    const typed = `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`.toLowerCase();
    expect((await statusOf(app, typed)).json().code).toBe(code);
    for (const bad of ['short', 'UUUU-UUUU-UUUU', `${code}0`, '%3Cscript%3E']) {
      const res = await statusOf(app, bad);
      expect([res.statusCode, res.json().code], bad).toEqual([400, 'invalid-code']);
    }
    const unknown = await statusOf(app, code === '000000000000' ? '111111111111' : '000000000000');
    expect([unknown.statusCode, unknown.json().code]).toEqual([404, 'attestation-not-found']);
  });
});

/** One database two apps in a row can open: a SQLite file, or a PostgreSQL schema. */
async function sharedDatabase(dir: string) {
  const base = { questionnairesDir: fixtureDir({ 'mini.json': readFixture('mini.json') }), clientDir: null, rateLimitPerMinute: 0, publicUrl: 'https://toets.example.org' };
  if (ON_POSTGRES) {
    const { schema, drop } = await freshSchema();
    return { config: defaultConfig({ ...base, databaseUrl: TEST_DATABASE_URL, databaseSchema: schema, databasePoolSize: 2 }), drop };
  }
  return { config: defaultConfig({ ...base, databasePath: join(dir, 'z.db') }), drop: async () => {} };
}

describe('signing keys', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'zelftoets-keys-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('are created on first start in a file only the owner reads, outside the database, which holds public halves only', async () => {
    const { buildApp } = await import('../../server/build.js');
    const { config, drop } = await sharedDatabase(dir);
    const file = join(dir, 'keys', 'signing-keys.json');
    const app = await buildApp({ ...config, signingKeysFile: file });
    try {
      const ring = JSON.parse(readFileSync(file, 'utf8'));
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(ring.keys[0].jwk).toHaveProperty('d');
      const stored = await rows<{ kid: string; public_jwk: string }>(app, 'SELECT kid, public_jwk FROM signing_keys');
      expect(stored.map((k) => k.kid)).toEqual([ring.active]);
      expect(JSON.parse(stored[0].public_jwk)).not.toHaveProperty('d');
    } finally {
      await app.close();
    }
    // A restart reads the same keys.
    const again = await buildApp({ ...config, signingKeysFile: file });
    try {
      expect((await jwksOf(again)).keys.map((k) => k.kid)).toEqual([JSON.parse(readFileSync(file, 'utf8')).active]);
    } finally {
      await again.close();
      await drop();
    }
  });

  it('rotate: new reports are signed with the new key and the old ones keep verifying; revoke: what the key signed fails', async () => {
    const { buildApp } = await import('../../server/build.js');
    const { config, drop } = await sharedDatabase(dir);
    const file = join(dir, 'signing-keys.json');
    try {
      const before = await buildApp({ ...config, signingKeysFile: file });
      const oldResponse = await submitted(before);
      const oldFile = await exportOf(before, oldResponse);
      await before.close();

      const { kid } = await rotateKeys({ ...config, signingKeysFile: file });
      const after = await buildApp({ ...config, signingKeysFile: file });
      try {
        const r = await submitted(after);
        const newFile = await exportOf(after, r);
        const jwks = await jwksOf(after);
        expect(decodeAttestation(newFile.attestation)!.header.kid).toBe(kid);
        expect(jwks.keys).toHaveLength(2);
        expect((await verifyAttestation({ jws: oldFile.attestation, jwks, report: oldFile.report })).ok).toBe(true);
        expect((await verifyAttestation({ jws: newFile.attestation, jwks, report: newFile.report })).ok).toBe(true);

        // The old key is compromised: out of the JWKS at once (no restart), its reports no longer verify.
        const oldKid = decodeAttestation(oldFile.attestation)!.header.kid!;
        expect(await revokeKey({ ...config, signingKeysFile: file }, oldKid)).toEqual({ revoked: true, active: false });
        const revokedJwks = await jwksOf(after);
        expect(revokedJwks.keys.map((k) => k.kid)).toEqual([kid]);
        expect(await verifyAttestation({ jws: oldFile.attestation, jwks: revokedJwks, report: oldFile.report })).toMatchObject({ ok: false, failures: ['key-unknown'] });
        expect((await statusOf(after, decodeAttestation(oldFile.attestation)!.payload.jti)).json().keyRevoked).toBe(true);
        // Shown again, that report is signed anew with the key that signs now, and the revoked statement says superseded.
        for (const shown of [
          async () => (await after.inject({ url: `/api/responses/${oldResponse.id}/report`, headers: auth(oldResponse.token) })).json().attestation.jws,
          async () => (await exportOf(after, oldResponse)).attestation,
        ]) {
          const jws = await shown();
          expect(decodeAttestation(jws)!.header.kid).toBe(kid);
          expect((await verifyAttestation({ jws, jwks: revokedJwks, report: (await exportOf(after, oldResponse)).report })).ok).toBe(true);
        }
        expect((await statusOf(after, decodeAttestation(oldFile.attestation)!.payload.jti)).json()).toMatchObject({ status: 'superseded', keyRevoked: true });

        // Revoking the key that signs: nothing more is signed with it until the next rotation.
        await revokeKey({ ...config, signingKeysFile: file }, kid);
        const unsigned = await submitted(after);
        expect((await exportOf(after, unsigned)).attestation).toBeNull();
      } finally {
        await after.close();
      }
    } finally {
      await drop();
    }
  });

  it('npm run verify: checks an export offline against a JWKS file and fails on a tampered one', async () => {
    const app = await testApp({ publicUrl: 'https://toets.example.org' });
    try {
      const file = await exportOf(app, await submitted(app));
      const jwksFile = join(dir, 'jwks.json');
      const { writeFileSync } = await import('node:fs');
      writeFileSync(jwksFile, JSON.stringify(await jwksOf(app)));
      const good = await verifyExport(JSON.stringify(file), { jwks: jwksFile });
      expect(good.ok).toBe(true);
      expect(good.lines.at(-1)).toBe('VERIFIED');
      const tampered = { ...file, report: { ...file.report, profile: 'exemplary' } };
      const bad = await verifyExport(JSON.stringify(tampered), { jwks: jwksFile });
      expect(bad.ok).toBe(false);
      expect(bad.lines).toContain('report:     FAILED — the report differs from what was signed');
      await expect(verifyExport(JSON.stringify({ ...file, attestation: null }), { jwks: jwksFile })).rejects.toThrow(/no attestation/);
    } finally {
      await app.close();
    }
  });
});
