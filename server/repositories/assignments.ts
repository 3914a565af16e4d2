// Who is asked to review which submission (issue 14, item 4). An assignment is per (submission,
// programme, assessor), like a review; it is a request, not a permission: assessors of the programme
// may still review what is not assigned to them.
import { sql, type Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';
import { changed } from '../db/dialect.js';

export interface AssigneeRow {
  assessor_id: string;
  email: string;
  name: string;
  assigned_at: string;
  review_status: 'draft' | 'submitted' | null;
}

export interface TaskRow {
  response_id: string;
  programme_id: string;
  programme_name: string;
  deadline: string | null;
  shared_name: string | null;
  area: string;
  shared_at: string | null;
  assigned_at: string;
  review_status: 'draft' | 'submitted' | null;
}

/** The longest to-do list returned at once: far above one person's real workload. */
export const MAX_TASKS = 500;

export function createAssignmentRepository(db: Kysely<Schema>) {
  return {
    /** True when the assignment is new. */
    add: async (responseId: string, programmeId: string, assessorId: string, by: string) =>
      Number((await db.insertInto('review_assignments').values({
        response_id: responseId, programme_id: programmeId, assessor_id: assessorId, assigned_by: by, assigned_at: new Date().toISOString(),
      }).onConflict((oc) => oc.doNothing()).executeTakeFirst()).numInsertedOrUpdatedRows ?? 0n) === 1,
    remove: async (responseId: string, programmeId: string, assessorId: string) =>
      changed(await db.deleteFrom('review_assignments').where('response_id', '=', responseId).where('programme_id', '=', programmeId)
        .where('assessor_id', '=', assessorId).executeTakeFirst()) === 1,
    /** The assessors assigned to a submission in a programme, with the state of their review there. */
    forSubmission: (responseId: string, programmeId: string) =>
      db.selectFrom('review_assignments as a').innerJoin('users as u', 'u.id', 'a.assessor_id')
        .leftJoin('reviews as v', (j) => j.onRef('v.response_id', '=', 'a.response_id').onRef('v.programme_id', '=', 'a.programme_id').onRef('v.assessor_id', '=', 'a.assessor_id'))
        .select(['a.assessor_id', 'u.email', 'u.name', 'a.assigned_at', 'v.status as review_status'])
        .where('a.response_id', '=', responseId).where('a.programme_id', '=', programmeId)
        .orderBy('a.assigned_at').orderBy('a.assessor_id').limit(100).execute() as Promise<AssigneeRow[]>,
    /**
     * Open assignments per assessor in the programme: assigned, still shared with it, and the
     * assessor's review there not yet submitted. What round-robin balances on.
     */
    async openCounts(programmeId: string): Promise<Map<string, number>> {
      const rows = await db.selectFrom('review_assignments as a')
        .innerJoin('responses as r', (j) => j.onRef('r.id', '=', 'a.response_id').onRef('r.programme_id', '=', 'a.programme_id'))
        .leftJoin('reviews as v', (j) => j.onRef('v.response_id', '=', 'a.response_id').onRef('v.programme_id', '=', 'a.programme_id').onRef('v.assessor_id', '=', 'a.assessor_id'))
        .select(['a.assessor_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('a.programme_id', '=', programmeId)
        .where((eb) => eb.or([eb('v.status', 'is', null), eb('v.status', '!=', 'submitted')]))
        .groupBy('a.assessor_id').execute();
      return new Map(rows.map((r) => [r.assessor_id, Number(r.n)]));
    },
    /** Who is assigned to each of these submissions (ids in the programme). */
    async assigneesOf(programmeId: string, responseIds: string[]): Promise<Map<string, Set<string>>> {
      const out = new Map<string, Set<string>>(responseIds.map((id) => [id, new Set()]));
      if (!responseIds.length) return out;
      const rows = await db.selectFrom('review_assignments').select(['response_id', 'assessor_id'])
        .where('programme_id', '=', programmeId).where('response_id', 'in', responseIds).execute();
      for (const r of rows) out.get(r.response_id)?.add(r.assessor_id);
      return out;
    },
    /**
     * The programme's submissions no active assessor is assigned to, oldest share first. An assignment
     * of someone taken off the programme, blocked or no longer an assessor leaves the submission
     * without a reviewer: counted as assigned, round-robin never gave it another.
     */
    unassigned: async (programmeId: string, limit: number) =>
      (await db.selectFrom('responses as r').select('r.id').where('r.programme_id', '=', programmeId)
        .where((eb) => eb.not(eb.exists(eb.selectFrom('review_assignments as a')
          .innerJoin('programme_members as m', (j) => j.onRef('m.programme_id', '=', 'a.programme_id').onRef('m.user_id', '=', 'a.assessor_id'))
          .innerJoin('users as u', 'u.id', 'a.assessor_id')
          .select('a.assessor_id')
          .whereRef('a.response_id', '=', 'r.id').whereRef('a.programme_id', '=', 'r.programme_id')
          .where('u.role', '=', 'assessor').where('u.disabled_at', 'is', null))))
        .orderBy('r.shared_at').orderBy('r.id').limit(limit).execute()).map((r) => r.id),
    /**
     * An assessor's to-do list: their assignments in programmes they still work in, for submissions
     * still shared with that programme, with their own review's state and the programme's deadline.
     * Open ones first: cut at MAX_TASKS in order of assignment alone, finished reviews filled the list
     * and a new assignment fell off it.
     */
    tasksOf: (assessorId: string) =>
      db.selectFrom('review_assignments as a')
        .innerJoin('programme_members as m', (j) => j.onRef('m.programme_id', '=', 'a.programme_id').onRef('m.user_id', '=', 'a.assessor_id'))
        .innerJoin('programmes as p', 'p.id', 'a.programme_id')
        .innerJoin('responses as r', (j) => j.onRef('r.id', '=', 'a.response_id').onRef('r.programme_id', '=', 'a.programme_id'))
        .leftJoin('reviews as v', (j) => j.onRef('v.response_id', '=', 'a.response_id').onRef('v.programme_id', '=', 'a.programme_id').onRef('v.assessor_id', '=', 'a.assessor_id'))
        .select(['a.response_id', 'a.programme_id', 'p.name as programme_name', 'p.deadline', 'r.shared_name', 'r.area', 'r.shared_at', 'a.assigned_at', 'v.status as review_status'])
        .where('a.assessor_id', '=', assessorId)
        .orderBy(sql`CASE WHEN v.status = 'submitted' THEN 1 ELSE 0 END`).orderBy('a.assigned_at').orderBy('a.response_id')
        .limit(MAX_TASKS).execute() as Promise<TaskRow[]>,
  };
}

export type AssignmentRepository = ReturnType<typeof createAssignmentRepository>;
