// Programmes (a subsidy call or an incubator cohort), the people assigned to them, and the responses
// shared with them ("submissions"), including the dashboard's paged, filtered and sorted list.
import type { Profile } from '../../core/types.js';
import { sql, type Expression, type Kysely, type SelectQueryBuilder, type SqlBool } from 'kysely';
import { searchKey } from '../../core/search-key.js';
import { newId, newJoinCode } from '../auth/tokens.js';
import { bytewise, changed, containsInsensitive, isUniqueViolation, listOrder, orderedJoin, takeNamedTurn } from '../db/dialect.js';
import { endingShare, keepCohortPlace } from './cohort.js';
import { stampAfter } from './stamps.js';
import { refreshLatest } from './latest-attempts.js';
import type { Schema } from '../db/schema.js';
import type { UserRow } from './users.js';
import { inBatches } from './batches.js';
import { createWebhookRepository } from './webhooks.js';

export type ProgrammeKind = 'subsidy' | 'cohort';
export type ReviewStatus = 'submitted' | 'in_review' | 'reviewed';

export interface ProgrammeRow {
  id: string;
  name: string;
  kind: ProgrammeKind;
  areas: string;
  join_code: string;
  deadline: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  reviews_needed: number;
  show_decision: number;
  archived_at: string | null;
  /** JSON, migration 020 (server/services/programme-intake.ts). */
  accepted_versions: string;
  questions: string;
}

export interface SubmissionRow {
  id: string;
  area: string;
  questionnaire_id: string;
  locale: 'nl' | 'en';
  programme_id: string | null;
  shared_name: string | null;
  shared_at: string | null;
  withdrawn_at: string | null;
  submitted_at: string | null;
  profile: Profile | null;
  goal_score: number | null;
  precondition_score: number | null;
  completeness: number | null;
  knockout_count: number | null;
  review_status: ReviewStatus | null;
  reviews_submitted: number;
  /** The team as this programme knows it: its first attempt shared with the programme (the response itself before its scores are stored). */
  team_id: string;
  /** 1-based place among the team's attempts shared with this programme. */
  attempt: number;
  /** The team's attempts shared with this programme; attempts are numbered among them, so it is also the latest's number. */
  attempt_count: number;
}

/** The list's sort keys: the column, and whether it holds text. Names sort folded (case, accents), as people read them. */
export const SORTS = {
  shared: ['shared_at', true],
  name: ['shared_name_key', true],
  goal: ['goal_score', false],
  precondition: ['precondition_score', false],
  completeness: ['completeness', false],
  knockouts: ['knockout_count', false],
  status: ['review_status', true],
  area: ['area', true],
} as const;
export type SortKey = keyof typeof SORTS;

export interface SubmissionQuery {
  programmeId: string;
  area?: string;
  profile?: string;
  status?: ReviewStatus;
  knockouts?: boolean;
  search?: string;
  /** 'latest' (default): one row per team, its latest attempt shared with the programme; 'all': every shared attempt. */
  attempts?: 'latest' | 'all';
  /** Only this team's attempts (implies 'all'). */
  team?: string;
  sort: SortKey;
  direction: 'asc' | 'desc';
  limit: number;
  offset: number;
}

type Filter = Omit<SubmissionQuery, 'sort' | 'direction' | 'limit' | 'offset'>;
type Joined = Schema & { r: Schema['responses']; s: Schema['response_scores'] };
/** A query on `responses as r` alone: the filter needs nothing else. */
type ResponsesQuery<O> = SelectQueryBuilder<Joined, 'r', O>;

/**
 * A team's attempt is its latest in the programme when no attempt of the same team shared with the same
 * programme comes after it. That is kept on the row (server/repositories/latest-attempts.ts), so the
 * list reads one range of a (programme_id, superseded_in_programme, column, id) index in any order
 * instead of looking for a later attempt per submission (10-13 ms a page at 10,000 submissions).
 */
const isLatest = sql<SqlBool>`r.superseded_in_programme = 0`;

/**
 * The dashboard's filter; every piece is fixed text, only values are bound. It refers to `r` alone, so
 * the count and the page's ids need no join: a team (COALESCE(team_id, id), a response without stored
 * scores being its own team) is matched through response_scores' primary key.
 */
export function applySubmissionFilter<Q extends ResponsesQuery<unknown>>(db: Kysely<Schema>, query: Q, q: Filter): Q {
  const conditions: Array<Expression<SqlBool>> = [sql<SqlBool>`r.programme_id = ${q.programmeId}`];
  if (q.team) {
    // A team is asked for by one of its attempts shared with this programme (the list names it by the
    // first), never by an attempt the programme was not given: that would confirm the link.
    conditions.push(sql<SqlBool>`(EXISTS (SELECT 1 FROM responses a ${orderedJoin(db)} response_scores k ON k.response_id = a.id
        ${orderedJoin(db)} response_scores t ON t.team_id = k.team_id
        WHERE a.id = ${q.team} AND a.programme_id = r.programme_id AND t.response_id = r.id)
      OR (r.id = ${q.team} AND NOT EXISTS (SELECT 1 FROM response_scores t WHERE t.response_id = r.id)))`);
  } else if ((q.attempts ?? 'latest') === 'latest') conditions.push(isLatest);
  if (q.area) conditions.push(sql<SqlBool>`r.area = ${q.area}`);
  if (q.profile) conditions.push(sql<SqlBool>`r.profile = ${q.profile}`);
  if (q.status) conditions.push(sql<SqlBool>`r.review_status = ${q.status}`);
  if (q.knockouts !== undefined) conditions.push(q.knockouts ? sql<SqlBool>`r.knockout_count > 0` : sql<SqlBool>`r.knockout_count = 0`);
  // Both sides folded (accents, case): see migration 014. Still "contains" with % and _ taken literally.
  if (q.search) conditions.push(containsInsensitive(db, 'r.shared_name_key', searchKey(q.search)));
  let out: ResponsesQuery<unknown> = query;
  for (const c of conditions) out = out.where(c);
  return out as Q;
}

const joined = (db: Kysely<Schema>) => db.selectFrom('responses as r').leftJoin('response_scores as s', 's.response_id', 'r.id');

function submissions(db: Kysely<Schema>) {
  return joined(db).select([
    'r.id', 'r.area', 'r.questionnaire_id', 'r.locale', 'r.programme_id', 'r.shared_name', 'r.shared_at', 'r.withdrawn_at',
    'r.submitted_at', 'r.profile', 'r.goal_score', 'r.precondition_score', 'r.completeness', 'r.knockout_count', 'r.review_status',
    (eb) => eb.selectFrom('reviews as v').select(eb.fn.countAll<number>().as('n'))
      .whereRef('v.response_id', '=', 'r.id').whereRef('v.programme_id', '=', 'r.programme_id').where('v.status', '=', 'submitted')
      .as('reviews_submitted'),
    // The team as this programme knows it: named by its first attempt shared here and numbered among the
    // attempts shared here. The chain's own first attempt and numbers may be another programme's or
    // kept back, and are not this programme's to know of (nor to link with another programme's list).
    // In order of the place in the chain, then of submission, then of id byte by byte: one attempt
    // re-taken twice (two devices) gives two of the same place, numbered apart in the order they were
    // submitted, as the cohort orders them (latest-attempts.ts agrees).
    sql<string>`COALESCE((SELECT r5.id FROM response_scores s5 ${orderedJoin(db)} responses r5 ON r5.id = s5.response_id
      WHERE s5.team_id = s.team_id AND r5.programme_id = r.programme_id ORDER BY s5.attempt, r5.submitted_at, ${bytewise(db, 'r5.id')} LIMIT 1), r.id)`.as('team_id'),
    sql<number>`COALESCE(NULLIF((SELECT COUNT(*) FROM response_scores s6 ${orderedJoin(db)} responses r6 ON r6.id = s6.response_id
      WHERE s6.team_id = s.team_id AND r6.programme_id = r.programme_id
        AND (s6.attempt < s.attempt OR (s6.attempt = s.attempt AND (r6.submitted_at < r.submitted_at
          OR (r6.submitted_at = r.submitted_at AND ${bytewise(db, 'r6.id')} <= ${bytewise(db, 'r.id')}))))), 0), 1)`.as('attempt'),
    sql<number>`COALESCE(NULLIF((SELECT COUNT(*) FROM response_scores s3 ${orderedJoin(db)} responses r3 ON r3.id = s3.response_id
      WHERE s3.team_id = s.team_id AND r3.programme_id = r.programme_id), 0), 1)`.as('attempt_count'),
  ]);
}

/** Numbers as numbers: PostgreSQL returns COUNT(*) as text. */
const toRow = (r: Record<string, unknown>) => ({
  ...r, reviews_submitted: Number(r.reviews_submitted), attempt: Number(r.attempt), attempt_count: Number(r.attempt_count),
}) as SubmissionRow;

/** How many submissions match the filter: one index range, no join. */
const countedSubmissions = (db: Kysely<Schema>, q: Filter) =>
  applySubmissionFilter(db, db.selectFrom('responses as r').select((eb) => eb.fn.countAll<number>().as('n')), q);

/**
 * One page of the dashboard, as a query (the EXPLAIN tests read its plan). The page's ids come first,
 * from the list's index alone (the id breaks ties in the same direction, so the (programme_id, flag,
 * column, id) index gives the order as is); the scores, reviews and attempt counts are then read for
 * those rows only, not for every row the OFFSET skips (PostgreSQL computed them all: 200 ms for a
 * deep page at 10,000 submissions).
 */
export function submissionListQuery(db: Kysely<Schema>, q: SubmissionQuery) {
  const dir = q.direction === 'asc' ? 'asc' : 'desc';
  const [column, text] = SORTS[q.sort];
  const order = [listOrder(db, `r.${column}`, text, dir), listOrder(db, 'r.id', true, dir)];
  const page = applySubmissionFilter(db, db.selectFrom('responses as r').select('r.id'), q)
    .orderBy(order[0]).orderBy(order[1]).limit(q.limit).offset(q.offset);
  return submissions(db).where('r.id', 'in', page).orderBy(order[0]).orderBy(order[1]);
}

/**
 * Takes the programme's turn for shares and withdrawals until the transaction ends, on any instance
 * (both run in one; SQLite has one writer already). A withdrawal decides from the shares around it
 * whether it keeps a place in the cohort's steps (migration 027): a share committing in between could
 * close the withdrawn share's step after that decision, so a reading showed it released and its going
 * without a place reopened the step for the next team to close in its stead.
 */
const takeCohortTurn = (db: Kysely<Schema>, programmeId: string) => takeNamedTurn(db, `cohort:${programmeId}`);

/**
 * When a share joins the programme's cohort: now, but never before a share or place already in it.
 * Instances whose clocks disagree would otherwise stamp a later share before an earlier one, and the
 * cohort's steps, which follow shared_at, would close on it in a released team's stead. The caller has
 * taken the programme's turn, so the last stamp cannot move meanwhile.
 */
async function shareTime(db: Kysely<Schema>, programmeId: string): Promise<string> {
  const live = await db.selectFrom('responses').select((eb) => eb.fn.max('shared_at').as('t')).where('programme_id', '=', programmeId).executeTakeFirst();
  const place = await db.selectFrom('cohort_places').select((eb) => eb.fn.max('shared_at').as('t')).where('programme_id', '=', programmeId).executeTakeFirst();
  return stampAfter(new Date().toISOString(), [live?.t, place?.t]);
}

/** Takes the app's database or an open transaction. */
export function createProgrammeRepository(db: Kysely<Schema>) {
  const byId = (id: string) => db.selectFrom('programmes').selectAll().where('id', '=', id).executeTakeFirst() as Promise<ProgrammeRow | undefined>;

  async function createWithUniqueCode(input: { name: string; kind: ProgrammeKind; areas: string[]; deadline: string | null; createdBy: string | null }) {
    const id = newId();
    const now = new Date().toISOString();
    // 27^8 codes: a clash is rare, but the UNIQUE constraint must not turn it into a 500.
    for (let attempt = 0; ; attempt++) {
      try {
        await db.insertInto('programmes').values({
          id, name: input.name, kind: input.kind, areas: JSON.stringify(input.areas), join_code: newJoinCode(), deadline: input.deadline,
          created_by: input.createdBy, created_at: now, updated_at: now,
        }).execute();
        return (await byId(id))!;
      } catch (err) {
        if (attempt >= 5 || !isUniqueViolation(err, 'join_code')) throw err;
      }
    }
  }

  return {
    create: createWithUniqueCode,
    find: byId,
    /**
     * The programme's turn until the transaction ends, on any instance (shares and withdrawals take it):
     * what a share is checked against and a change of what the programme takes cannot cross.
     */
    takeTurn: (programmeId: string) => takeCohortTurn(db, programmeId),
    findByCode: (code: string) => db.selectFrom('programmes').selectAll().where('join_code', '=', code).executeTakeFirst() as Promise<ProgrammeRow | undefined>,
    list: () => db.selectFrom('programmes').selectAll().orderBy('created_at', 'desc').limit(1000).execute() as Promise<ProgrammeRow[]>,
    listForUser: (userId: string) =>
      db.selectFrom('programmes as p').innerJoin('programme_members as m', 'm.programme_id', 'p.id').selectAll('p')
        .where('m.user_id', '=', userId).orderBy('p.created_at', 'desc').limit(1000).execute() as Promise<ProgrammeRow[]>,
    async update(id: string, changes: { name: string; kind: ProgrammeKind; areas: string[]; deadline: string | null }) {
      await db.updateTable('programmes').set({
        name: changes.name, kind: changes.kind, areas: JSON.stringify(changes.areas), deadline: changes.deadline, updated_at: new Date().toISOString(),
      }).where('id', '=', id).execute();
      return (await byId(id))!;
    },
    /** The decision settings (issue 14, item 4): reviews needed, and whether startups see the decision. */
    setDecisionSettings: async (id: string, s: { reviewsNeeded?: number; showDecision?: boolean }) => {
      if (s.reviewsNeeded === undefined && s.showDecision === undefined) return;
      await db.updateTable('programmes').set({
        ...(s.reviewsNeeded === undefined ? {} : { reviews_needed: s.reviewsNeeded }),
        ...(s.showDecision === undefined ? {} : { show_decision: s.showDecision ? 1 : 0 }),
        updated_at: new Date().toISOString(),
      }).where('id', '=', id).execute();
    },
    setArchived: async (id: string, archived: boolean) => {
      const now = new Date().toISOString();
      await db.updateTable('programmes').set({ archived_at: archived ? now : null, updated_at: now }).where('id', '=', id).execute();
      return (await byId(id))!;
    },
    programmeIdsOf: async (userId: string) =>
      new Set((await db.selectFrom('programme_members').select('programme_id').where('user_id', '=', userId).execute()).map((r) => r.programme_id)),
    members: (programmeId: string) =>
      db.selectFrom('users as u').innerJoin('programme_members as m', 'm.user_id', 'u.id').selectAll('u')
        .where('m.programme_id', '=', programmeId).orderBy(listOrder(db, 'u.search_key', true, 'asc')).limit(1000).execute() as Promise<UserRow[]>,
    addMember: async (programmeId: string, userId: string) => {
      const result = await db.insertInto('programme_members').values({ programme_id: programmeId, user_id: userId, added_at: new Date().toISOString() })
        .onConflict((oc) => oc.doNothing()).executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
    },
    removeMember: async (programmeId: string, userId: string) =>
      changed(await db.deleteFrom('programme_members').where('programme_id', '=', programmeId).where('user_id', '=', userId).executeTakeFirst()) === 1,
    /** The programme's teams (each counted once however many attempts it shared): the list's unfiltered total. */
    submissionCount: async (programmeId: string) =>
      Number((await countedSubmissions(db, { programmeId }).executeTakeFirstOrThrow()).n),

    // The review status belongs to the current share. Sharing again with the same programme (a new
    // name) keeps it; a share after a withdrawal starts afresh: 'in_review' when this programme kept
    // reviews from an earlier share (it has to confirm 'reviewed' anew), otherwise 'submitted'.
    async share(id: string, programmeId: string, name: string): Promise<boolean> {
      // After the programme's turn, so shared_at follows the order in which shares and withdrawals commit.
      await takeCohortTurn(db, programmeId);
      const now = await shareTime(db, programmeId);
      const shared = changed(await db.updateTable('responses').set({
        programme_id: programmeId, shared_name: name, shared_name_key: searchKey(name), withdrawn_at: null,
        // Sharing again with the same programme (a new name) is no new share: the cohort's steps follow
        // shared_at, and moving it would let a team swap itself for one still pending (docs/integration.md).
        shared_at: sql<string>`CASE WHEN programme_id = ${programmeId} AND shared_at IS NOT NULL THEN shared_at ELSE ${now} END`,
        review_status: sql<ReviewStatus>`CASE
          WHEN programme_id = ${programmeId} AND review_status IS NOT NULL THEN review_status
          WHEN EXISTS (SELECT 1 FROM reviews v WHERE v.response_id = ${id} AND v.programme_id = ${programmeId}) THEN 'in_review'
          ELSE 'submitted' END`,
      }).where('id', '=', id).where('status', '=', 'submitted')
        // Checked again here, not only by the caller beforehand: of two shares with different programmes at once, one ends up false.
        .where((eb) => eb.or([eb('programme_id', 'is', null), eb('programme_id', '=', programmeId)]))
        .executeTakeFirst()) === 1;
      // Its team's latest attempt in the programme may change (a share elsewhere is withdrawn first: 409 shared-elsewhere).
      if (shared) await refreshLatest(db, programmeId, id);
      return shared;
    },
    /**
     * Ends the share (only with `programmeId`, when given); false when there was none to end. A released
     * share leaves its place in the cohort's steps (`cohortStep`: COHORT_MIN_GROUP; docs/integration.md).
     * In a transaction, so the place and the end of the share go together.
     */
    async withdraw(id: string, opts: { programmeId?: string; cohortStep: number }): Promise<boolean> {
      const before = (await db.selectFrom('responses').select('programme_id').where('id', '=', id).executeTakeFirst())?.programme_id ?? null;
      if (before === null || (opts.programmeId !== undefined && opts.programmeId !== before)) return false;
      // Whether the share keeps a place depends on the shares around it: no share may commit in between.
      await takeCohortTurn(db, before);
      const share = await endingShare(db, id);
      // Only the share whose programme's turn was taken; one that moved meanwhile was ended by someone else.
      const ending = db.updateTable('responses').set({ programme_id: null, shared_at: null, withdrawn_at: new Date().toISOString() })
        .where('id', '=', id).where('programme_id', '=', before);
      const withdrawn = changed(await ending.executeTakeFirst()) === 1;
      if (withdrawn && share && share.programmeId === before) await keepCohortPlace(db, share, opts.cohortStep);
      // Nothing more about it goes to the programme's webhooks but the withdrawal itself.
      if (withdrawn) await createWebhookRepository(db).cancelPendingFor(id);
      // An earlier attempt of the team may be the programme's latest again.
      if (withdrawn && before) await refreshLatest(db, before, id);
      return withdrawn;
    },
    submission: async (id: string) => {
      const row = await submissions(db).where('r.id', '=', id).executeTakeFirst();
      return row ? toRow(row) : undefined;
    },
    /**
     * Moves the status only from `from`, the one the caller judged the move on: two changes at once
     * (two instances, an assessor and a manager) would otherwise both land, the second from a status
     * it never read. False when the status is no longer `from`.
     */
    setReviewStatus: async (id: string, programmeId: string, from: ReviewStatus, status: ReviewStatus) =>
      changed(await db.updateTable('responses').set({ review_status: status }).where('id', '=', id).where('programme_id', '=', programmeId)
        .where((eb) => eb.fn.coalesce('review_status', eb.val('submitted')), '=', from).executeTakeFirst()) === 1,
    /**
     * Every submission of the programme for the CSV, under the list's attempts rule: by default one row
     * per team (its latest shared attempt), so the file's rows agree with the list's total; 'all' gives
     * every shared attempt.
     */
    allSubmissions: async (programmeId: string, attempts: 'latest' | 'all' = 'latest') =>
      (await applySubmissionFilter(db, submissions(db), { programmeId, attempts }).orderBy('r.shared_at').orderBy('r.id').execute()).map(toRow),

    /** One page of a programme's submissions and the number matching the filter. */
    async listSubmissions(q: SubmissionQuery): Promise<{ items: SubmissionRow[]; total: number }> {
      const counted = countedSubmissions(db, q);
      const [items, total] = await Promise.all([submissionListQuery(db, q).execute(), counted.executeTakeFirstOrThrow()]);
      return { items: items.map(toRow), total: Number(total.n) };
    },

    /**
     * Shared names from before migration 014 get their search key, folded in JS like new ones. Bounded
     * batches on the programme index; finds nothing once done.
     */
    backfillSearchKeys: (batch = 500) => inBatches(db, batch,
      (limit) => db.selectFrom('responses').select(['id', 'shared_name']).where('programme_id', 'is not', null)
        .where('shared_name', 'is not', null).where('shared_name_key', 'is', null).limit(limit).execute(),
      (trx, r) => trx.updateTable('responses').set({ shared_name_key: searchKey(r.shared_name!) }).where('id', '=', r.id).execute()),

    // Issue 17, programme part: accepted versions and the programme's own questions.
    setIntake: async (id: string, intake: { acceptedVersions: object; questions: object[] }) => {
      await db.updateTable('programmes').set({
        accepted_versions: JSON.stringify(intake.acceptedVersions), questions: JSON.stringify(intake.questions), updated_at: new Date().toISOString(),
      }).where('id', '=', id).execute();
      return (await byId(id))!;
    },
    /** The questionnaire version a response was answered on, and its answers to a programme's questions. */
    intakeOfResponse: async (id: string) =>
      await db.selectFrom('responses as r').innerJoin('questionnaire_snapshots as q', 'q.hash', 'r.snapshot_hash')
        .select(['q.version', 'r.programme_answers']).where('r.id', '=', id).executeTakeFirst(),
    /** The same for many responses at once, by id (the export's batches). */
    async intakesOfResponses(ids: readonly string[]): Promise<Map<string, { version: string; programme_answers: string | null }>> {
      if (!ids.length) return new Map();
      const rows = await db.selectFrom('responses as r').innerJoin('questionnaire_snapshots as q', 'q.hash', 'r.snapshot_hash')
        .select(['r.id', 'q.version', 'r.programme_answers']).where('r.id', 'in', ids).execute();
      return new Map(rows.map((r) => [r.id, { version: r.version, programme_answers: r.programme_answers }]));
    },
    setProgrammeAnswers: async (id: string, programmeId: string, answers: Record<string, string>) => {
      await db.updateTable('responses').set({ programme_answers: JSON.stringify({ programmeId, answers }) }).where('id', '=', id).execute();
    },
  };
}

export type ProgrammeRepository = ReturnType<typeof createProgrammeRepository>;
