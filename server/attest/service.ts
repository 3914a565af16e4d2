// Signing a submitted report, and answering for what was signed. The statement is about the report
// exactly as the JSON export carries it under `report` (attestedReport in statement.ts), in one language. It
// is made at submit in the response's language, and on first use in the other one. Content that
// changes after submit (a corrected answer, a new company name, a deleted earlier attempt) gets a new
// statement the first time it is shown; the old one then says "superseded". The statement at submit
// is made on the statement thread (statement-thread.ts) when it can take it, else here.
import { createHash, randomBytes } from 'node:crypto';
import { codeFromBytes, shortLinkPath, verifyLinkPath, type AttestationStatus } from '../../core/attestation.js';
import type { Locale, Questionnaire } from '../../core/types.js';
import type { AttestationRepository, AttestationRow } from '../repositories/attestations.js';
import type { ResponseRepository, ResponseRow } from '../repositories/responses.js';
import { responseOf, type ReportService, type StoredReport } from '../report/report-service.js';
import type { SigningKey } from './keys.js';
import { attestedReport, digestReport, makeStatement } from './statement.js';
import type { StatementJob, StatementThread } from './statement-thread.js';

/** What a report page, PDF or DOCX shows of its attestation. */
export interface AttestationView {
  code: string;
  jws: string;
  issuedAt: string;
  /** Paths on this app: the full verification link (the QR code) and the status-only short link. */
  link: string;
  shortLink: string;
}


export function createAttestationService(deps: {
  repo: AttestationRepository;
  responses: ResponseRepository;
  reports: ReportService;
  key: SigningKey;
  issuer: string;
  /**
   * Changes when what a report says could: the value or instrument catalogue, or the code that builds
   * reports (report-fingerprint.ts). Called on the first statement look-up, not at start-up.
   */
  reportFingerprint: () => string;
  /** Makes the statement at submit off the main thread; without it (or when it declines) the main thread does. */
  thread?: StatementThread;
  log: { warn: (obj: object, msg: string) => void };
}) {
  const { repo, key } = deps;
  let built: string | undefined;
  // A builder that cannot build its probe reports is a bug, but it must not take every report view
  // with it: statements are then found by their other inputs, as before the fingerprint, and it says so.
  const fingerprint = () => {
    if (built === undefined) {
      try {
        built = deps.reportFingerprint();
      } catch (err) {
        deps.log.warn({ err }, 'the report builder could not be fingerprinted; a view finds its statement by the report\'s other inputs only');
        built = 'unfingerprinted';
      }
    }
    return built;
  };
  const view = (row: AttestationRow): AttestationView => ({
    code: row.code, jws: row.jws!, issuedAt: row.issued_at, link: verifyLinkPath(row.jws!), shortLink: shortLinkPath(row.code),
  });

  // A revoked key signs nothing more: until the keys are rotated, reports go without a statement. Nor
  // does one the database no longer knows (its row lost, e.g. to a restore under a running instance):
  // the JWKS is read from there, so nothing it signed could be verified.
  async function maySign(): Promise<boolean> {
    const status = await repo.keyStatus(key.kid);
    if (status === 'active') return true;
    deps.log.warn({ kid: key.kid }, status === 'revoked'
      ? 'the active signing key is revoked; run `npm run keys -- rotate` and restart'
      : 'the active signing key is not registered in the database; restart to register it');
    return false;
  }

  /** Stores a statement made by makeStatement; a concurrent one about the same content wins. */
  async function store(row: ResponseRow, locale: Locale, made: { sha: string; jws: string }, code: string, now: Date, basis: string): Promise<AttestationRow | null> {
    const fresh: AttestationRow = {
      code, response_id: row.id, locale, kid: key.kid, report_sha256: made.sha, basis, jws: made.jws, issued_at: now.toISOString(), superseded_at: null, withdrawn_at: null,
    };
    return (await repo.insert(fresh)) ? fresh : ((await repo.byContent(row.id, locale, made.sha)) ?? null);
  }

  async function sign(row: ResponseRow, locale: Locale, report: StoredReport, basis: string, sha: string): Promise<AttestationRow | null> {
    return (await maySign()) ? signUnchecked(row, locale, report, basis, new Date(), codeFromBytes(randomBytes(8)), sha) : null;
  }

  function signUnchecked(row: ResponseRow, locale: Locale, report: StoredReport, basis: string, now: Date, code: string, sha?: string) {
    const made = makeStatement({
      report, sha, responseId: row.id, submittedAt: row.submitted_at!, snapshotHash: row.snapshot_hash, locale, issuer: deps.issuer, kid: key.kid, key: key.privateKey, code, now,
    });
    return store(row, locale, made, code, now, basis);
  }

  /**
   * What the report is built from besides its snapshot and answers' revision: if none of it changed,
   * the report did not either (buildReport is deterministic), so a view can find its statement
   * without hashing the whole report. The JSON export, which is what gets verified, always hashes.
   */
  async function basisOf(row: ResponseRow, locale: Locale, earlierIds?: string[]): Promise<string> {
    // The earlier attempts are in the owner's report (history, what changed); one deleted changes it.
    // Callers that have them (the owner's report lists them all) pass them; others ask the database.
    // Sorted, so both ways give the same fingerprint.
    const earlier = [...(earlierIds ?? (await deps.responses.earlierAttempts(row)).map((r) => r.id))].sort();
    const inputs = [row.revision, row.updated_at, row.company_name, row.scoring_version, earlier, locale, fingerprint()];
    return createHash('sha256').update(JSON.stringify(inputs)).digest('hex');
  }

  /**
   * The statement about this report as it is now, made when there is none yet. Null for an open
   * response (a draft is not attested) and while the active key is revoked. `exact` hashes the
   * report even when its inputs are known (the JSON export).
   */
  async function ensure(row: ResponseRow, locale: Locale, report?: StoredReport, opts: { exact?: boolean } = {}): Promise<AttestationView | null> {
    if (row.status !== 'submitted' || !row.submitted_at) return null;
    const basis = await basisOf(row, locale, report?.history.map((h) => h.id));
    // A statement superseded by a later submitted attempt stays the answer; one superseded by other
    // content is not. Both look-ups below may ask, the database once.
    let laterSubmitted: Promise<boolean> | undefined;
    const supersededByLaterAttempt = () => (laterSubmitted ??= deps.responses.laterSubmittedAt(row.id).then((at) => at !== null));
    if (!opts.exact) {
      const known = await repo.byBasis(row.id, locale, basis);
      // Superseded by other content (made by an instance whose reports differ, during a rolling
      // upgrade), it is not shown: hash, and find or sign.
      if (known?.jws && (!known.superseded_at || (await supersededByLaterAttempt()))) return view(known);
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
      if (await supersededByLaterAttempt()) return view(current);
      await repo.reinstate(current.code, basis);
    } else {
      current = (await sign(row, locale, full, basis, sha)) ?? undefined;
      if (!current) return null;
    }
    await repo.supersedeOthers(row.id, locale, current.code, new Date().toISOString());
    // An earlier attempt is never current once a later one is submitted. Asked again after the write,
    // not from the look-up before it: a statement first made now (in the other language, or after an
    // upgrade) or a later attempt's submit meanwhile, whose superseding ran before this write, would
    // otherwise leave it current.
    const later = await deps.responses.laterSubmittedAt(row.id);
    if (later !== null) await repo.supersedeResponses([row.id], later);
    return view(current);
  }

  /** The submitted report's inputs as the statement thread takes them: what reportOf reads, questionnaires by hash. */
  function jobOf(row: ResponseRow, earlier: ResponseRow[], code: string, now: Date): StatementJob {
    return {
      response: responseOf(row), snapshotHash: row.snapshot_hash, answers: row.answers, locale: row.locale,
      scoringVersion: deps.reports.scoringVersionOf(row),
      // Oldest first, as reportOf lists the history.
      earlier: [...earlier].reverse().map((r) => ({
        id: r.id, submittedAt: r.submitted_at!, snapshotHash: r.snapshot_hash, answers: r.answers, scoringVersion: deps.reports.scoringVersionOf(r),
      })),
      code, now: now.getTime(),
    };
  }

  async function snapshotsOf(rows: ResponseRow[]): Promise<Map<string, Questionnaire>> {
    const map = new Map<string, Questionnaire>();
    for (const r of rows) if (!map.has(r.snapshot_hash)) map.set(r.snapshot_hash, await deps.reports.questionnaireOf(r));
    return map;
  }

  return {
    ensure,
    /** Where the statements at submit were made (the statement thread or the main thread); null without a thread. */
    threadStats: () => deps.thread?.stats() ?? null,

    /**
     * At submit: the earlier attempts' statements are superseded as of this submission, and this
     * one is signed in the response's language. A failure to sign never fails the submit: the
     * statement is then made when the report is first shown.
     */
    async submitted(row: ResponseRow): Promise<void> {
      // Read once for superseding, the fingerprint and the report alike (a first attempt reads nothing).
      const earlier = await deps.responses.earlierAttempts(row);
      const earlierIds = earlier.map((r) => r.id);
      await repo.supersedeResponses(earlierIds, row.submitted_at!);
      try {
        // Nothing was signed about it before: a response is attested only once submitted, and this
        // request submitted it. No look-ups then, and nothing of its own to supersede; a report view
        // that signed the same content in between makes the insert find that statement instead. The
        // insert also checks the key (a revoked key stores nothing), so no read comes first: signing
        // for nothing is the rare case, a read on every submit is not.
        const basis = await basisOf(row, row.locale, earlierIds);
        const now = new Date();
        const code = codeFromBytes(randomBytes(8));
        const made = deps.thread ? await deps.thread.make(jobOf(row, earlier, code, now), await snapshotsOf([row, ...earlier])) : null;
        // From the earlier attempts read above, so the report and its basis agree.
        const stored = made
          ? await store(row, row.locale, made, code, now, basis)
          : await signUnchecked(row, row.locale, attestedReport(await deps.reports.submittedReport(row, earlier, row.locale)), basis, now, code);
        // Nothing stored and nothing found: the key is revoked or unknown (maySign says which in the log).
        if (!stored) await maySign();
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
