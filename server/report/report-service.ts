// Reports of stored responses: the snapshot a response was answered against, and its report with
// the earlier attempts of its re-take chain. Used by the respondent, share-link and export routes.
import { SCORING_VERSION, type Answers, type Locale, type Questionnaire, type ScoringVersion } from '../../core/types.js';
import type { Catalog } from '../questionnaires/catalog.js';
import type { ResponseRepository, ResponseRow } from '../repositories/responses.js';
import type { SnapshotRepository } from '../repositories/snapshots.js';
import { buildReport, type EarlierAttempt } from './build-report.js';
import { completeness, roundHalfAway } from '../../core/scoring.js';

/**
 * The scoring model a response is scored by: the one it was submitted under, so its report never
 * changes after an upgrade of the model; the current one while it is open.
 */
export function scoringVersionOf(row: Pick<ResponseRow, 'scoring_version'>): ScoringVersion {
  return row.scoring_version === 1 ? 1 : SCORING_VERSION;
}

/** What a report says of its response (the row's columns the report shows). */
export type ReportResponse = { id: string; status: ResponseRow['status']; submittedAt: string | null; updatedAt: string; companyName: string | null };
export const responseOf = (row: ResponseRow): ReportResponse => ({
  id: row.id, status: row.status, submittedAt: row.submitted_at, updatedAt: row.updated_at, companyName: row.company_name,
});

/**
 * A stored response's report from what was read for it: pure, so the statement worker
 * (attest/statement-worker.ts) builds the very report the routes do from the same inputs.
 */
export function composeReport(input: {
  response: ReportResponse;
  questionnaire: Questionnaire;
  answers: Answers;
  values: Catalog['values'];
  instruments: Catalog['instruments'];
  locale: Locale;
  earlier: EarlierAttempt[];
  scoringVersion: ScoringVersion;
  /** The token holder's own view: what changed since the earlier attempt, and the newer attempt. */
  owner: boolean;
  newerAttempt?: { id: string; startedAt: string; status: ResponseRow['status'] } | null;
}) {
  const report = buildReport({
    questionnaire: input.questionnaire,
    answers: input.answers,
    values: input.values,
    instruments: input.instruments,
    locale: input.locale,
    earlier: input.earlier,
    scoringVersion: input.scoringVersion,
    compareAnswers: input.owner,
  });
  return {
    response: { ...input.response, ...(input.owner ? { newerAttempt: input.newerAttempt ?? null } : {}) },
    ...report,
  };
}

export function createReportService(deps: { catalog: Catalog; responses: ResponseRepository; snapshots: SnapshotRepository }) {
  async function questionnaireOf(row: ResponseRow): Promise<Questionnaire> {
    const q = await deps.snapshots.get(row.snapshot_hash);
    // A response cannot exist without its snapshot (foreign key); reaching this is a bug, not bad input.
    if (!q) throw new Error(`snapshot ${row.snapshot_hash} of response ${row.id} is missing`);
    return q;
  }

  /** Earlier attempts as read (newest first, as earlierAttempts gives them) in the report's order, oldest first. */
  async function earlierOf(rowsNewestFirst: ResponseRow[]): Promise<EarlierAttempt[]> {
    const earlier: EarlierAttempt[] = [];
    for (const r of [...rowsNewestFirst].reverse()) {
      earlier.push({
        id: r.id, submittedAt: r.submitted_at!, questionnaire: await questionnaireOf(r), answers: JSON.parse(r.answers) as Answers,
        scoringVersion: scoringVersionOf(r),
      });
    }
    return earlier;
  }

  /** The report of a row with the earlier attempts already read (newest first). */
  async function reportFromRows(
    row: ResponseRow, earlierNewestFirst: ResponseRow[], locale: Locale, owner: boolean,
    newerAttempt?: { id: string; startedAt: string; status: ResponseRow['status'] } | null,
  ) {
    return composeReport({
      response: responseOf(row), questionnaire: await questionnaireOf(row), answers: JSON.parse(row.answers) as Answers,
      values: deps.catalog.values, instruments: deps.catalog.instruments, locale, earlier: await earlierOf(earlierNewestFirst),
      scoringVersion: scoringVersionOf(row), owner, newerAttempt,
    });
  }

  /**
   * The report with the earlier attempts as history. Staff pass their programme: they see only the
   * attempts shared with it now (not those never shared with it or withdrawn from it), and the
   * changes are measured against the latest of those, so no earlier score leaks by subtraction.
   * The earlier attempt's answers (what changed) and the newer attempt started from this one are for
   * the token holder alone: `owner` is set by the respondent's own routes, never for staff or share
   * links, whose consent covers this attempt only.
   */
  async function reportOf(row: ResponseRow, locale: Locale, staffView?: { programmeId: string | null }, options: { owner?: boolean } = {}) {
    const owner = options.owner === true && !staffView;
    const attempts = await deps.responses.earlierAttempts(row);
    const visible = staffView ? attempts.filter((r) => r.programme_id !== null && r.programme_id === staffView.programmeId) : attempts;
    if (!owner) return reportFromRows(row, visible, locale, false);
    const later = await deps.responses.laterAttempt(row.id);
    return reportFromRows(row, visible, locale, true, later ? { id: later.id, startedAt: later.created_at, status: later.status } : null);
  }

  /**
   * The owner's report of a response its request has just submitted, from the earlier attempts that
   * request read (newest first): no newer attempt can have been started from it yet.
   */
  const submittedReport = (row: ResponseRow, earlierNewestFirst: ResponseRow[], locale: Locale) => reportFromRows(row, earlierNewestFirst, locale, true, null);

  function completenessOf(q: Questionnaire, answers: Answers): number {
    return roundHalfAway(completeness(q, answers), 3);
  }

  /** What the respondent's API returns for a response (GET /api/responses/:id and friends). */
  async function stateOf(row: ResponseRow, known?: { answers: Answers; completeness: number }) {
    const q = await questionnaireOf(row);
    // A caller that has just parsed and scored the same answers (submit) passes them along.
    const answers = known?.answers ?? (JSON.parse(row.answers) as Answers);
    return {
      id: row.id,
      questionnaire: { id: q.id, version: q.version, area: q.area, hash: row.snapshot_hash },
      status: row.status,
      locale: row.locale,
      answers,
      revision: row.revision,
      completeness: known ? roundHalfAway(known.completeness, 3) : completenessOf(q, answers),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      submittedAt: row.submitted_at,
      companyName: row.company_name,
      previousResponseId: row.previous_response_id,
    };
  }

  return { questionnaireOf, reportOf, submittedReport, stateOf, completenessOf, scoringVersionOf };
}

export type ReportService = ReturnType<typeof createReportService>;
export type StoredReport = Awaited<ReturnType<ReportService['reportOf']>>;
