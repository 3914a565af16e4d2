// A signed statement about a report, made from the report alone: the same code on the main thread
// (a report view that finds no statement) and in the statement worker (at submit), so both sign the
// same claims about the same canonical text.
import { createHash, type KeyObject } from 'node:crypto';
import { ATTESTATION_ALG, ATTESTATION_TYP, canonicalJson, type AttestationPayload } from '../../core/attestation.js';
import type { Locale } from '../../core/types.js';
import type { StoredReport } from '../report/report-service.js';
import { signEdDsaJws } from './jws.js';

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

export interface StatementInput {
  /** The attested report (attestedReport). */
  report: StoredReport;
  /** Its digest, when the caller has it already. */
  sha?: string;
  responseId: string;
  submittedAt: string;
  snapshotHash: string;
  locale: Locale;
  issuer: string;
  kid: string;
  key: KeyObject;
  /** The statement's short code (jti). */
  code: string;
  now: Date;
}

/** The report's hash and the compact JWS saying so. */
export function makeStatement(input: StatementInput): { sha: string; jws: string } {
  const { report } = input;
  const sha = input.sha ?? digestReport(report);
  const payload: AttestationPayload = {
    submittedAt: input.submittedAt,
    locale: input.locale,
    questionnaire: { id: report.questionnaire.id, version: report.questionnaire.version, hash: input.snapshotHash },
    scoringVersion: report.scoringVersion,
    reportSha256: sha,
    headline: {
      profile: report.profile,
      goal: report.dimensions.goal.score,
      precondition: report.dimensions.precondition.score,
      completeness: report.completeness,
      knockouts: report.knockouts.length,
    },
    iss: input.issuer, sub: input.responseId, jti: input.code, iat: Math.floor(input.now.getTime() / 1000),
  };
  return { sha, jws: signEdDsaJws({ alg: ATTESTATION_ALG, kid: input.kid, typ: ATTESTATION_TYP }, payload, input.key) };
}
