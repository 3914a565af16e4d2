// Funding decisions (issue 14, item 4). Rows are only ever added: the current decision on a
// submission in a programme is its highest version, and the earlier ones stay as its history.
import type { Kysely } from 'kysely';
import { newId } from '../auth/tokens.js';
import type { Schema } from '../db/schema.js';

export type Outcome = 'fund' | 'fund_with_conditions' | 'decline';
export const OUTCOMES: readonly Outcome[] = ['fund', 'fund_with_conditions', 'decline'];

export interface DecisionRow {
  id: string;
  response_id: string;
  programme_id: string;
  version: number;
  outcome: Outcome;
  rationale: string;
  decided_by: string | null;
  decided_at: string;
  decider_email: string | null;
}

/** The most versions kept and shown per submission: a bound on the history, far above real use. */
export const MAX_DECISION_VERSIONS = 100;

export function createDecisionRepository(db: Kysely<Schema>) {
  const select = () => db.selectFrom('decisions as d').leftJoin('users as u', 'u.id', 'd.decided_by').selectAll('d').select('u.email as decider_email');
  const current = (responseId: string, programmeId: string) =>
    select().where('d.response_id', '=', responseId).where('d.programme_id', '=', programmeId).orderBy('d.version', 'desc').limit(1)
      .executeTakeFirst() as Promise<DecisionRow | undefined>;
  return {
    current,
    /** Every version, newest first. */
    history: (responseId: string, programmeId: string) =>
      select().where('d.response_id', '=', responseId).where('d.programme_id', '=', programmeId).orderBy('d.version', 'desc')
        .limit(MAX_DECISION_VERSIONS).execute() as Promise<DecisionRow[]>,
    /** The current decision of each of these submissions in the programme. */
    async currentOf(programmeId: string, responseIds: string[]): Promise<Map<string, DecisionRow>> {
      const out = new Map<string, DecisionRow>();
      if (!responseIds.length) return out;
      const rows = await select().where('d.programme_id', '=', programmeId).where('d.response_id', 'in', responseIds)
        .where((eb) => eb('d.version', '=', eb.selectFrom('decisions as l').select((l) => l.fn.max('l.version').as('v'))
          .whereRef('l.response_id', '=', 'd.response_id').whereRef('l.programme_id', '=', 'd.programme_id')))
        .execute() as DecisionRow[];
      for (const r of rows) out.set(r.response_id, r);
      return out;
    },
    /**
     * Adds the next version. A concurrent decision on the same submission makes the UNIQUE
     * (response, programme, version) refuse one of them; the caller answers 409.
     */
    async record(input: { responseId: string; programmeId: string; outcome: Outcome; rationale: string; decidedBy: string }) {
      const latest = await current(input.responseId, input.programmeId);
      const version = (latest?.version ?? 0) + 1;
      if (version > MAX_DECISION_VERSIONS) return { latest, row: undefined, full: true as const };
      const id = newId();
      await db.insertInto('decisions').values({
        id, response_id: input.responseId, programme_id: input.programmeId, version, outcome: input.outcome, rationale: input.rationale,
        decided_by: input.decidedBy, decided_at: new Date().toISOString(),
      }).execute();
      return { latest, row: (await current(input.responseId, input.programmeId))!, full: false as const };
    },
  };
}

export type DecisionRepository = ReturnType<typeof createDecisionRepository>;
