// Signing a submitted report, and answering for what was signed. The statement is about the report
// exactly as the JSON export carries it under `report` (attestedReport below), in one language. It
// is made at submit in the response's language, and on first use in the other one. Content that
// changes after submit (a corrected answer, a new company name, a deleted earlier attempt) gets a new
// statement the first time it is shown; the old one then says "superseded".
import { createHash, randomBytes } from 'node:crypto';
import {
  ATTESTATION_ALG, ATTESTATION_TYP, canonicalJson, codeFromBytes, shortLinkPath, verifyLinkPath,
  type AttestationPayload, type AttestationStatus,
} from '../../core/attestation.js';
import type { Locale } from '../../core/types.js';
import type { AttestationRepository, AttestationRow } from '../repositories/attestations.js';
import type { ResponseRepository, ResponseRow } from '../repositories/responses.js';
import type { ReportService, StoredReport } from '../report/report-service.js';
import { signEdDsaJws } from './jws.js';
import type { SigningKey } from './keys.js';

/** What a report page, PDF or DOCX shows of its attestation. */
export interface AttestationView {
  code: string;
  jws: string;
  issuedAt: string;
  /** Paths on this app: the full verification link (the QR code) and the status-only short link. */
  link: string;
  shortLink: string;
}


/** What a statement's reportSha256 says: the same digest as core's (async, WebCrypto) reportSha256, with node's synchronous hash. */
export const digestReport = (report: unknown) => createHash('sha256').update(canonicalJson(report)).digest('hex');

/**
 * The report as attested and exported: the owner's report without what changes by itself after
 * submit (whether a newer attempt was started), which the export carries beside it instead.
 */
export function attestedReport(report: StoredReport): StoredReport {
  const { newerAttempt: _, ...response } = report.response as StoredReport['response'] & { newerAttempt?: unknown };
  return { ...report, response };
}

export function createAttestationService(deps: {
  repo: AttestationRepository;
  responses: ResponseRepository;
  reports: ReportService;
  key: SigningKey;
  issuer: string;
  /** Changes when the value or instrument catalogue does (their words are in every report). */
  catalogFingerprint: string;
  log: { warn: (obj: object, msg: string) => void };
}) {
  const { repo, key } = deps;
  const view = (row: AttestationRow): AttestationView => ({
    code: row.code, jws: row.jws!, issuedAt: row.issued_at, link: verifyLinkPath(row.jws!), shortLink: shortLinkPath(row.code),
  });

  async function sign(row: ResponseRow, locale: Locale, report: StoredReport, sha: string, basis: string): Promise<AttestationRow | null> {
    // A revoked key signs nothing more: until the keys are rotated, reports go without a statement.
    if (await repo.isRevoked(key.kid)) {
      deps.log.warn({ kid: key.kid }, 'the active signing key is revoked; run `npm run keys -- rotate` and restart');
      return null;
    }
    const now = new Date();
    const code = codeFromBytes(randomBytes(8));
    const claims: Omit<AttestationPayload, 'iss' | 'sub' | 'jti' | 'iat'> = {
      submittedAt: row.submitted_at!,
      locale,
      questionnaire: { id: report.questionnaire.id, version: report.questionnaire.version, hash: row.snapshot_hash },
      scoringVersion: report.scoringVersion,
      reportSha256: sha,
      headline: {
        profile: report.profile,
        goal: report.dimensions.goal.score,
        precondition: report.dimensions.precondition.score,
        completeness: report.completeness,
        knockouts: report.knockouts.length,
      },
    };
    const payload: AttestationPayload = { ...claims, iss: deps.issuer, sub: row.id, jti: code, iat: Math.floor(now.getTime() / 1000) };
    const jws = signEdDsaJws({ alg: ATTESTATION_ALG, kid: key.kid, typ: ATTESTATION_TYP }, payload, key.privateKey);
    const fresh: AttestationRow = {
      code, response_id: row.id, locale, kid: key.kid, report_sha256: sha, basis, jws, issued_at: now.toISOString(), superseded_at: null, withdrawn_at: null,
    };
    return (await repo.insert(fresh)) ? fresh : ((await repo.byContent(row.id, locale, sha)) ?? null);
  }

  /**
   * What the report is built from besides its snapshot and answers' revision: if none of it changed,
   * the report did not either (buildReport is deterministic), so a view can find its statement
   * without hashing the whole report. The JSON export, which is what gets verified, always hashes.
   */
  async function basisOf(row: ResponseRow, locale: Locale, report?: StoredReport): Promise<string> {
    // The earlier attempts are in the owner's report (history, what changed); one deleted changes it.
    // The owner's report lists them all already; only views without it ask the database. Sorted, so
    // both ways give the same fingerprint.
    const earlier = (report ? report.history.map((h) => h.id) : (await deps.responses.earlierAttempts(row)).map((r) => r.id)).sort();
    const inputs = [row.revision, row.updated_at, row.company_name, row.scoring_version, earlier, locale, deps.catalogFingerprint];
    return createHash('sha256').update(JSON.stringify(inputs)).digest('hex');
  }

  /**
   * The statement about this report as it is now, made when there is none yet. Null for an open
   * response (a draft is not attested) and while the active key is revoked. `exact` hashes the
   * report even when its inputs are known (the JSON export).
   */
  async function ensure(row: ResponseRow, locale: Locale, report?: StoredReport, opts: { exact?: boolean } = {}): Promise<AttestationView | null> {
    if (row.status !== 'submitted' || !row.submitted_at) return null;
    const basis = await basisOf(row, locale, report);
    if (!opts.exact) {
      const known = await repo.byBasis(row.id, locale, basis);
      if (known?.jws) return view(known);
    }
    const full = attestedReport(report ?? await deps.reports.reportOf(row, locale, undefined, { owner: true }));
    const sha = digestReport(full);
    let current = await repo.byContent(row.id, locale, sha);
    if (current && !current.superseded_at) {
      if (current.basis !== basis) await repo.reinstate(current.code, basis);
      return view(current);
    }
    if (current) {
      // Superseded by a later attempt stays so; by other content that has since changed back, not.
      const later = await deps.responses.laterAttempt(row.id);
      if (later?.status === 'submitted') return view(current);
      await repo.reinstate(current.code, basis);
    } else {
      current = (await sign(row, locale, full, sha, basis)) ?? undefined;
      if (!current) return null;
    }
    await repo.supersedeOthers(row.id, locale, current.code, new Date().toISOString());
    return view(current);
  }

  return {
    ensure,

    /**
     * At submit: the earlier attempts' statements are superseded as of this submission, and this
     * one is signed in the response's language. A failure to sign never fails the submit: the
     * statement is then made when the report is first shown.
     */
    async submitted(row: ResponseRow): Promise<void> {
      // The owner's report lists every earlier submitted attempt in its history, so the chain is read
      // once for superseding, the fingerprint and the report alike (it was read three times).
      let report: StoredReport | undefined;
      try {
        // Just submitted, so no attempt can have been started from it yet (a re-take needs a submitted one).
        report = await deps.reports.reportOf(row, row.locale, undefined, { owner: true, newerAttempt: null });
      } catch (err) {
        deps.log.warn({ err, response: row.id }, 'the report could not be built at submit; it is signed when first shown');
      }
      const earlier = report ? report.history.map((h) => h.id) : (await deps.responses.earlierAttempts(row)).map((r) => r.id);
      await repo.supersedeResponses(earlier, row.submitted_at!);
      if (!report) return;
      try {
        // Nothing was signed about it before: a response is attested only once submitted, and this
        // request submitted it. No look-ups then, and nothing of its own to supersede; a report view
        // that signed the same content in between makes the insert find that statement instead.
        const attested = attestedReport(report);
        await sign(row, row.locale, attested, digestReport(attested), await basisOf(row, row.locale, report));
      } catch (err) {
        deps.log.warn({ err, response: row.id }, 'the report could not be signed at submit; it is signed when first shown');
      }
    },

    async status(code: string): Promise<AttestationStatus | null> {
      const s = await repo.status(code);
      if (!s) return null;
      const status = s.withdrawn_at ? 'withdrawn' : s.superseded_at ? 'superseded' : 'current';
      return { code: s.code, status, issuedAt: s.issued_at, since: s.withdrawn_at ?? s.superseded_at ?? null, keyRevoked: s.revoked_at !== null };
    },

    async jwks() {
      const keys = await repo.publishedKeys();
      return {
        keys: keys.map((k) => {
          const jwk = JSON.parse(k.public_jwk) as { x: string };
          return { kty: 'OKP' as const, crv: 'Ed25519' as const, x: jwk.x, kid: k.kid, alg: 'EdDSA' as const, use: 'sig' as const };
        }),
      };
    },
  };
}

export type AttestationService = ReturnType<typeof createAttestationService>;
