// Programmes (a subsidy call or an incubator cohort), the people assigned to them, and the responses
// shared with them ("submissions"), including the dashboard's paged, filtered and sorted list.
import type { Profile } from '../../core/types.js';
import { newId, newJoinCode } from '../auth/tokens.js';
import type { DB } from '../db/database.js';
import type { UserRow } from './users.js';

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
}

export const SORTS = {
  shared: 'shared_at',
  name: 'shared_name',
  goal: 'goal_score',
  precondition: 'precondition_score',
  completeness: 'completeness',
  knockouts: 'knockout_count',
  status: 'review_status',
  area: 'area',
} as const;
export type SortKey = keyof typeof SORTS;

export interface SubmissionQuery {
  programmeId: string;
  area?: string;
  profile?: string;
  status?: ReviewStatus;
  knockouts?: boolean;
  search?: string;
  sort: SortKey;
  direction: 'asc' | 'desc';
  limit: number;
  offset: number;
}

const SUBMISSION_COLUMNS = `r.id, r.area, r.questionnaire_id, r.locale, r.programme_id, r.shared_name, r.shared_at, r.withdrawn_at,
  r.submitted_at, r.profile, r.goal_score, r.precondition_score, r.completeness, r.knockout_count, r.review_status,
  (SELECT COUNT(*) FROM reviews v WHERE v.response_id = r.id AND v.programme_id = r.programme_id AND v.status = 'submitted') AS reviews_submitted`;

/** The WHERE clause and parameters of a dashboard query; every piece is fixed text, only values are bound. */
export function submissionFilter(q: Omit<SubmissionQuery, 'sort' | 'direction' | 'limit' | 'offset'>) {
  const where = ['r.programme_id = @programmeId'];
  const params: Record<string, unknown> = { programmeId: q.programmeId };
  if (q.area) { where.push('r.area = @area'); params.area = q.area; }
  if (q.profile) { where.push('r.profile = @profile'); params.profile = q.profile; }
  if (q.status) { where.push('r.review_status = @status'); params.status = q.status; }
  if (q.knockouts !== undefined) where.push(q.knockouts ? 'r.knockout_count > 0' : 'r.knockout_count = 0');
  if (q.search) {
    where.push("r.shared_name LIKE @search ESCAPE '\\'");
    params.search = `%${q.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  }
  return { where: where.join(' AND '), params };
}

export function submissionListSql(q: SubmissionQuery) {
  const { where, params } = submissionFilter(q);
  const dir = q.direction === 'asc' ? 'ASC' : 'DESC';
  // The id breaks ties in the same direction, so the index (programme_id, column, id) gives the order as is.
  const sql = `SELECT ${SUBMISSION_COLUMNS} FROM responses r WHERE ${where}
    ORDER BY r.${SORTS[q.sort]} ${dir}, r.id ${dir} LIMIT @limit OFFSET @offset`;
  return { sql, params: { ...params, limit: q.limit, offset: q.offset } };
}

export function createProgrammeRepository(db: DB) {
  const insert = db.prepare(
    `INSERT INTO programmes (id, name, kind, areas, join_code, deadline, created_by, created_at, updated_at)
     VALUES (@id, @name, @kind, @areas, @joinCode, @deadline, @createdBy, @now, @now)`,
  );
  const byId = db.prepare('SELECT * FROM programmes WHERE id = ?');
  const byCode = db.prepare('SELECT * FROM programmes WHERE join_code = ?');
  const all = db.prepare('SELECT * FROM programmes ORDER BY created_at DESC LIMIT 1000');
  const ofUser = db.prepare(
    `SELECT p.* FROM programmes p JOIN programme_members m ON m.programme_id = p.id WHERE m.user_id = ? ORDER BY p.created_at DESC LIMIT 1000`,
  );
  const update = db.prepare(
    `UPDATE programmes SET name = @name, kind = @kind, areas = @areas, deadline = @deadline, updated_at = @now WHERE id = @id`,
  );
  const memberIds = db.prepare('SELECT programme_id FROM programme_members WHERE user_id = ?').pluck();
  const members = db.prepare(
    `SELECT u.* FROM users u JOIN programme_members m ON m.user_id = u.id WHERE m.programme_id = ? ORDER BY u.email LIMIT 1000`,
  );
  const addMember = db.prepare('INSERT OR IGNORE INTO programme_members (programme_id, user_id, added_at) VALUES (?, ?, ?)');
  const removeMember = db.prepare('DELETE FROM programme_members WHERE programme_id = ? AND user_id = ?');
  const count = db.prepare('SELECT COUNT(*) FROM responses WHERE programme_id = ?').pluck();
  // The review status belongs to the current share. Sharing again with the same programme (a new
  // name) keeps it; a share after a withdrawal starts afresh: 'in_review' when this programme kept
  // reviews from an earlier share (it has to confirm 'reviewed' anew), otherwise 'submitted'.
  const share = db.prepare(
    `UPDATE responses SET programme_id = @programmeId, shared_name = @name, shared_at = @now, withdrawn_at = NULL,
       review_status = CASE
         WHEN programme_id = @programmeId AND review_status IS NOT NULL THEN review_status
         WHEN EXISTS (SELECT 1 FROM reviews v WHERE v.response_id = @id AND v.programme_id = @programmeId) THEN 'in_review'
         ELSE 'submitted' END
     WHERE id = @id AND status = 'submitted'`,
  );
  const withdraw = db.prepare(
    `UPDATE responses SET programme_id = NULL, shared_at = NULL, withdrawn_at = @now WHERE id = @id AND programme_id IS NOT NULL`,
  );
  const submission = db.prepare(`SELECT ${SUBMISSION_COLUMNS} FROM responses r WHERE r.id = ?`);
  const setStatus = db.prepare('UPDATE responses SET review_status = ? WHERE id = ? AND programme_id = ?');
  const allOfProgramme = db.prepare(`SELECT ${SUBMISSION_COLUMNS} FROM responses r WHERE r.programme_id = ? ORDER BY r.shared_at, r.id`);
  const listCache = new Map<string, ReturnType<DB['prepare']>>();
  const countCache = new Map<string, ReturnType<DB['prepare']>>();

  function createWithUniqueCode(input: { name: string; kind: ProgrammeKind; areas: string[]; deadline: string | null; createdBy: string | null }) {
    const id = newId();
    const now = new Date().toISOString();
    // 27^8 codes: a clash is rare, but the UNIQUE constraint must not turn it into a 500.
    for (let attempt = 0; ; attempt++) {
      try {
        insert.run({ id, ...input, areas: JSON.stringify(input.areas), joinCode: newJoinCode(), now });
        return byId.get(id) as ProgrammeRow;
      } catch (err) {
        if (attempt >= 5 || !String(err).includes('join_code')) throw err;
      }
    }
  }

  return {
    create: createWithUniqueCode,
    find: (id: string) => byId.get(id) as ProgrammeRow | undefined,
    findByCode: (code: string) => byCode.get(code) as ProgrammeRow | undefined,
    list: () => all.all() as ProgrammeRow[],
    listForUser: (userId: string) => ofUser.all(userId) as ProgrammeRow[],
    update(id: string, changes: { name: string; kind: ProgrammeKind; areas: string[]; deadline: string | null }) {
      update.run({ id, ...changes, areas: JSON.stringify(changes.areas), now: new Date().toISOString() });
      return byId.get(id) as ProgrammeRow;
    },
    programmeIdsOf: (userId: string) => new Set(memberIds.all(userId) as string[]),
    members: (programmeId: string) => members.all(programmeId) as UserRow[],
    addMember: (programmeId: string, userId: string) => addMember.run(programmeId, userId, new Date().toISOString()).changes === 1,
    removeMember: (programmeId: string, userId: string) => removeMember.run(programmeId, userId).changes === 1,
    submissionCount: (programmeId: string) => count.get(programmeId) as number,

    share: (id: string, programmeId: string, name: string) => share.run({ id, programmeId, name, now: new Date().toISOString() }).changes === 1,
    withdraw: (id: string) => withdraw.run({ id, now: new Date().toISOString() }).changes === 1,
    submission: (id: string) => submission.get(id) as SubmissionRow | undefined,
    setReviewStatus: (id: string, programmeId: string, status: ReviewStatus) => setStatus.run(status, id, programmeId).changes === 1,
    allSubmissions: (programmeId: string) => allOfProgramme.all(programmeId) as SubmissionRow[],

    /** One page of a programme's submissions and the number matching the filter. */
    listSubmissions(q: SubmissionQuery): { items: SubmissionRow[]; total: number } {
      const { sql, params } = submissionListSql(q);
      let list = listCache.get(sql);
      if (!list) listCache.set(sql, (list = db.prepare(sql)));
      const { where, params: countParams } = submissionFilter(q);
      const countSql = `SELECT COUNT(*) FROM responses r WHERE ${where}`;
      let counter = countCache.get(countSql);
      if (!counter) countCache.set(countSql, (counter = db.prepare(countSql).pluck()));
      return { items: list.all(params) as SubmissionRow[], total: counter.get(countParams) as number };
    },
  };
}

export type ProgrammeRepository = ReturnType<typeof createProgrammeRepository>;
